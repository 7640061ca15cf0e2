/**
 * True for a unique-key violation: E11000, or FerretDB's SQLite message. The identity store gets
 * its uniqueness from `_id` alone (an insert with a taken `_id` always fails, also on FerretDB,
 * which does not isolate concurrent conditional updates).
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === 11000) return true;
  return typeof e.message === 'string' && /E11000|UNIQUE constraint failed/.test(e.message);
}
