// The per-row checks both passes run identically (so pass 2 skips exactly the rows pass 1
// skipped): cell length, nested objects, label values, conversion to a known target type, then
// the primary key (empty → MISSING_PRIMARY_KEY, seen before → DUPLICATE_PRIMARY_KEY).
import { type IngestProblem, rowRef } from '../ingest-problem.js';
import type { CellValue, DataType, IngestLimits, LabelColumn } from '../ingest-types.js';
import type { RawRow } from '../table/raw-table.js';
import { type CellKind, cellKind, cellLength, cellText } from '../values/cell-kind.js';
import { convertCell } from '../values/convert-cell.js';
import type { KeySet } from './key-set.js';

export interface PlanColumn {
  name: string;
  /** the type values must convert to; undefined while it is still being inferred */
  type: DataType | undefined;
  label: LabelColumn | undefined;
  /** index of the column in the reader's cells; undefined if the reader has not seen it (JSON) */
  index: number | undefined;
}

export interface RowCheck {
  problems: IngestProblem[] | undefined;
  kinds: CellKind[];
  /** converted values of columns with a type (same order as the plan) */
  values: CellValue[];
  key: string;
}

export function checkRow(
  raw: RawRow,
  plan: readonly PlanColumn[],
  keyColumns: readonly number[] | undefined,
  keys: KeySet | undefined,
  limits: IngestLimits,
): RowCheck {
  const { row, line } = raw;
  let problems = raw.problems ? [...raw.problems] : undefined;
  const add = (p: IngestProblem): void => {
    (problems ??= []).push(line === undefined ? p : { ...p, line });
  };
  const kinds: CellKind[] = new Array<CellKind>(plan.length);
  const values: CellValue[] = new Array<CellValue>(plan.length);
  for (let c = 0; c < plan.length; c++) {
    const col = plan[c]!;
    const cell = col.index === undefined ? undefined : raw.cells[col.index];
    if (
      typeof cell === 'string'
        ? cell.length > limits.maxCellChars
        : typeof cell === 'object' && cell !== null && cellLength(cell) > limits.maxCellChars
    ) {
      if (!raw.problems?.some((p) => p.code === 'CELL_TOO_LONG' && p.column === col.name)) {
        add({
          code: 'CELL_TOO_LONG',
          row,
          column: col.name,
          message: `${rowRef(row, line)}, column "${col.name}": the cell is longer than ${limits.maxCellChars} characters`,
        });
      }
      kinds[c] = 'empty';
      values[c] = null;
      continue;
    }
    const kind = cellKind(cell);
    kinds[c] = kind;
    if (col.label) {
      if (kind === 'object' || Array.isArray(cell))
        add({
          code: 'INVALID_VALUE',
          row,
          column: col.name,
          message: `${rowRef(row, line)}, column "${col.name}": a label must be a single text`,
        });
      continue;
    }
    if (col.type === undefined) {
      if (kind === 'object')
        add({
          code: 'INVALID_VALUE',
          row,
          column: col.name,
          message: `${rowRef(row, line)}, column "${col.name}" holds a nested object; flatten it into columns (or stringify it) before the upload`,
        });
      continue;
    }
    const converted = convertCell(cell, col.type, kind);
    if (converted.ok) values[c] = converted.value;
    else
      add({
        code: converted.code,
        row,
        column: col.name,
        message: `${rowRef(row, line)}, column "${col.name}" (${col.type}): ${converted.why}`,
      });
  }
  let key = '';
  if (keyColumns) {
    const parts: string[] = [];
    for (const c of keyColumns) {
      const col = plan[c]!;
      const cell = col.index === undefined ? undefined : raw.cells[col.index];
      const text = kinds[c] === 'empty' ? '' : cellText(cell).trim();
      if (!text)
        add({
          code: 'MISSING_PRIMARY_KEY',
          row,
          column: col.name,
          message: `${rowRef(row, line)}: the primary-key column "${col.name}" is empty`,
        });
      parts.push(text);
    }
    key = parts.length === 1 ? parts[0]! : JSON.stringify(parts);
    if (!problems && keys) {
      const earlier = keys.add(key, row);
      if (earlier) {
        const column = keyColumns.map((c) => plan[c]!.name).join(', ');
        add({
          code: 'DUPLICATE_PRIMARY_KEY',
          row,
          column,
          message: `${rowRef(row, line)} has the same primary key (${column} = ${key}) as row ${earlier}`,
        });
      }
    }
  }
  return { problems, kinds, values, key };
}
