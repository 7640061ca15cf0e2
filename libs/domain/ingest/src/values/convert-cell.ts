// Converts a raw cell to a column's data type, or says why it cannot.
import type { IngestProblemCode } from '../ingest-problem.js';
import type { CellValue, DataType } from '../ingest-types.js';
import type { RawCell } from '../table/raw-table.js';
import { type CellKind, cellKind, cellText, parseList } from './cell-kind.js';

export type Converted =
  { ok: true; value: CellValue } | { ok: false; code: IngestProblemCode; why: string };

const NULL: Converted = { ok: true, value: null };

export function convertCell(
  cell: RawCell,
  type: DataType,
  kind: CellKind = cellKind(cell),
): Converted {
  if (kind === 'empty') return NULL;
  if (kind === 'object')
    return {
      ok: false,
      code: 'INVALID_VALUE',
      why: 'holds a nested object; flatten it into columns (or stringify it) before the upload',
    };
  switch (type) {
    case 'TEXT':
    case 'CATEGORY':
      return { ok: true, value: cellText(cell) };
    case 'INTEGER':
      if (kind === 'integer')
        return {
          ok: true,
          value: typeof cell === 'number' ? cell : Number((cell as string).trim()),
        };
      return { ok: false, code: 'UNPARSEABLE_NUMBER', why: `${show(cell)} is not an integer` };
    case 'FLOAT':
      if (kind === 'integer' || kind === 'float')
        return {
          ok: true,
          value: typeof cell === 'number' ? cell : Number((cell as string).trim()),
        };
      return { ok: false, code: 'UNPARSEABLE_NUMBER', why: `${show(cell)} is not a number` };
    case 'BOOLEAN':
      if (kind === 'boolean')
        return {
          ok: true,
          value:
            typeof cell === 'boolean' ? cell : (cell as string).trim().toLowerCase() === 'true',
        };
      return { ok: false, code: 'INVALID_VALUE', why: `${show(cell)} is not true or false` };
    case 'EMBEDDING_LIST':
      if (kind === 'list')
        return {
          ok: true,
          value: Array.isArray(cell) ? (cell as string[]) : parseList((cell as string).trim())!,
        };
      return {
        ok: false,
        code: 'INVALID_VALUE',
        why: `${show(cell)} is not a list of texts (a JSON array of strings)`,
      };
  }
}

function show(cell: RawCell): string {
  const text = cellText(cell);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
