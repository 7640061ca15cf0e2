// One parsed JSON value → a raw row (shared by JSON and JSONL).
import { rowRef } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import type { ColumnRegistry } from '../table/column-registry.js';
import type { RawCell, RawRow } from '../table/raw-table.js';

export function objectToRow(
  value: unknown,
  row: number,
  line: number | undefined,
  columns: ColumnRegistry,
  _limits: IngestLimits,
): RawRow {
  const raw: RawRow = { row, cells: [] };
  if (line !== undefined) raw.line = line;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    raw.problems = [
      {
        code: 'MALFORMED',
        row,
        ...(line !== undefined && { line }),
        message: `${rowRef(row, line)} is ${what}, not an object`,
      },
    ];
    return raw;
  }
  const cells: RawCell[] = raw.cells;
  for (const key in value) {
    cells[columns.ensure(key)] = (value as Record<string, RawCell>)[key];
  }
  return raw;
}
