import type { RecordData } from '@refinery/contracts';

/**
 * The primary-key string of a record: its key attributes' values in attribute order, as JSON
 * (so composite keys and values containing separators stay unambiguous). Re-uploads and record
 * adds find existing records by this string, so it is computed here only.
 */
export function recordKey(primaryKey: readonly string[], data: RecordData): string | { missing: string } {
  const values: unknown[] = [];
  for (const name of primaryKey) {
    const value = data[name];
    if (value === null || value === undefined || value === '') return { missing: name };
    values.push(value);
  }
  return JSON.stringify(values);
}
