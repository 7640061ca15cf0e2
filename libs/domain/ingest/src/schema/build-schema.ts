// End of pass 1: the file-level checks that need the whole file (overrides and key columns that
// never appeared, label columns without their attribute, re-upload mismatches, no rows) and the
// resulting schema.
import { IngestError, type IngestProblem } from '../ingest-problem.js';
import type { ColumnSchema, DataType, IngestOptions, IngestSchema } from '../ingest-types.js';
import type { TableInfo } from '../table/raw-table.js';
import type { ColumnPlan } from './column-plan.js';
import type { ColumnStats } from './column-stats.js';

const RUNNING_ID = 'running_id';

export interface BuildInput {
  opts: IngestOptions;
  plan: ColumnPlan;
  stats: ColumnStats[];
  keyColumns: number[] | undefined;
  rowCount: number;
  info: TableInfo;
  /** lenient row problems so far (kept with an EMPTY_FILE failure) */
  problems: IngestProblem[];
}

export function buildSchema({
  opts,
  plan,
  stats,
  keyColumns,
  rowCount,
  info,
  problems,
}: BuildInput): IngestSchema {
  const fileProblems: IngestProblem[] = [];
  const add = (p: IngestProblem): void => void fileProblems.push(p);
  const overrides = opts.typeOverrides ?? {};
  const existing = opts.existing
    ? new Map(opts.existing.map((a) => [a.name, a.dataType]))
    : undefined;
  const cols = plan.columns;

  for (const c of keyColumns ?? []) {
    const col = cols[c]!;
    if (col.index === undefined)
      add({
        code: 'MISSING_PRIMARY_KEY',
        column: col.name,
        message: `the primary-key column "${col.name}" is not in the file`,
      });
  }
  if (!keyColumns && plan.has(RUNNING_ID)) {
    add({
      code: 'MISSING_PRIMARY_KEY',
      column: RUNNING_ID,
      row: 1,
      message: `"${RUNNING_ID}" first appears after row 1; every record needs it when the file has it`,
    });
  }
  for (const [name] of Object.entries(overrides)) {
    const p = plan.indexOf(name);
    if (p === undefined)
      add({
        code: 'SCHEMA_MISMATCH',
        column: name,
        message: `typeOverrides names column "${name}", which is not in the file`,
      });
    else if (cols[p]!.label)
      add({
        code: 'SCHEMA_MISMATCH',
        column: name,
        message: `"${name}" is a label column; its values are label names and take no type`,
      });
  }
  const attributeNames = new Set([
    ...cols.filter((c) => !c.label).map((c) => c.name),
    ...(existing?.keys() ?? []),
  ]);
  for (const col of cols) {
    const attribute = col.label?.attribute;
    if (attribute != null && !attributeNames.has(attribute)) {
      add({
        code: 'MALFORMED',
        column: col.name,
        message: `label column "${col.name}" refers to attribute "${attribute}", which is not a column`,
      });
    }
  }

  const adds = !keyColumns;
  const columns: ColumnSchema[] = cols.map((col, position) => {
    const s = stats[position]!;
    const inferred = s.infer();
    let dataType: DataType = col.label ? 'CATEGORY' : (overrides[col.name] ?? inferred);
    if (existing && !col.label) {
      const want = existing.get(col.name);
      if (want === undefined) {
        add({
          code: 'SCHEMA_MISMATCH',
          column: col.name,
          message: `column "${col.name}" is new; the project has no attribute of that name`,
        });
      } else {
        const mismatch = typeMismatch(col.name, want, overrides[col.name], inferred, s);
        if (mismatch) add(mismatch);
        else dataType = want;
      }
    }
    const out: ColumnSchema = {
      name: col.name,
      dataType,
      inferred,
      position,
      nonEmpty: s.nonEmpty,
    };
    if (col.label) out.label = col.label;
    return out;
  });
  if (existing) {
    for (const [name] of existing) {
      if (plan.has(name) || (adds && name === RUNNING_ID)) continue;
      add({
        code: 'SCHEMA_MISMATCH',
        column: name,
        message: `column "${name}" is missing; the project's records have it`,
      });
    }
  }
  if (fileProblems.length) throw new IngestError(fileProblems);
  if (rowCount === 0) {
    const why = problems.length
      ? `all ${problems.length} problem rows were skipped`
      : 'it has a header but no rows';
    throw new IngestError([
      { code: 'EMPTY_FILE', message: `the file has no records to import (${why})` },
      ...problems,
    ]);
  }
  if (adds)
    columns.push({
      name: RUNNING_ID,
      dataType: 'INTEGER',
      inferred: 'INTEGER',
      position: columns.length,
      nonEmpty: rowCount,
      added: true,
    });
  const schema: IngestSchema = {
    columns,
    rowCount,
    primaryKey: adds ? [RUNNING_ID] : keyColumns.map((c) => cols[c]!.name),
    addsRunningId: adds,
  };
  if (info.delimiter !== undefined) schema.delimiter = info.delimiter;
  if (info.sheet !== undefined) schema.sheet = info.sheet;
  return schema;
}

function typeMismatch(
  column: string,
  want: DataType,
  override: DataType | undefined,
  inferred: DataType,
  stats: ColumnStats,
): IngestProblem | undefined {
  if (override && override !== want) {
    return {
      code: 'SCHEMA_MISMATCH',
      column,
      message: `column "${column}": typeOverrides says ${override}, the project stores ${want}`,
    };
  }
  if (stats.nonEmpty === 0) return undefined;
  const breaker = stats.breakerFor(want);
  if (breaker) {
    return {
      code: 'SCHEMA_MISMATCH',
      column,
      row: breaker.row,
      message: `column "${column}": the project stores ${want}, the file's values are ${inferred} (row ${breaker.row}: ${JSON.stringify(breaker.value)})`,
    };
  }
  if ((want === 'TEXT' || want === 'CATEGORY') && inferred === 'EMBEDDING_LIST') {
    return {
      code: 'SCHEMA_MISMATCH',
      column,
      message: `column "${column}": the project stores ${want}, the file's values are lists (EMBEDDING_LIST)`,
    };
  }
  return undefined;
}
