import { AppError } from '@refinery/server-core';

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} not found`);
}

/** A bad value in a payload; `field` is the payload path, as in envelope validation errors. */
export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `payload.${field}: ${message}`, {
    issues: [{ path: ['payload', ...field.split('.')], message }],
  });
}

/**
 * True for a unique-index violation: E11000 (also inside a bulk write), or FerretDB's SQLite
 * message, which some commands report without the code.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; writeErrors?: { code?: unknown }[] };
  if (e.code === 11000) return true;
  if (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === 11000)) return true;
  return typeof e.message === 'string' && /E11000|UNIQUE constraint failed/.test(e.message);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
