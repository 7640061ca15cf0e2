// Options are checked before any byte is read.
import { fail } from '../ingest-problem.js';
import { DATA_TYPES, type IngestOptions } from '../ingest-types.js';

const FORMATS = ['csv', 'json', 'jsonl', 'xlsx'];

export function validateOptions(opts: IngestOptions): void {
  if (!FORMATS.includes(opts.format))
    fail({
      code: 'MALFORMED',
      message: `unknown upload format "${String(opts.format)}" (csv, json, jsonl, xlsx)`,
    });
  for (const [column, type] of Object.entries(opts.typeOverrides ?? {})) {
    if (!DATA_TYPES.includes(type))
      fail({
        code: 'SCHEMA_MISMATCH',
        column,
        message: `typeOverrides: "${String(type)}" for column "${column}" is not a data type (${DATA_TYPES.join(', ')})`,
      });
  }
  const key = opts.primaryKey ?? [];
  if (new Set(key).size !== key.length)
    fail({
      code: 'MISSING_PRIMARY_KEY',
      message: `primaryKey names a column twice: ${key.join(', ')}`,
    });
  for (const [name, value] of Object.entries(opts.limits ?? {})) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0))
      fail({ code: 'MALFORMED', message: `limits.${name} must be a positive integer` });
  }
}
