// Pass 1: streams the source once, enforcing limits, checking every row, collecting per-column
// statistics of the accepted rows and inferring the schema.
import { fail, IngestError, type IngestProblem } from './ingest-problem.js';
import {
  type IngestLimits,
  type IngestOptions,
  type IngestSchema,
  resolveLimits,
} from './ingest-types.js';
import { ColumnPlan } from './schema/column-plan.js';
import { ColumnStats } from './schema/column-stats.js';
import { KeySet } from './schema/key-set.js';
import { checkRow } from './schema/row-check.js';
import { buildSchema } from './schema/build-schema.js';
import { validateOptions } from './schema/validate-options.js';
import { openTable } from './table/open-table.js';
import type { TableInfo } from './table/raw-table.js';

export const RUNNING_ID = 'running_id';

/**
 * Pass 1: streams the whole source once, enforcing limits, collecting per-column statistics,
 * inferring types. Throws IngestError (all-or-nothing) on a fatal problem; in lenient mode
 * row-level problems are collected and those rows skipped.
 */
export async function inferSchema(
  source: AsyncIterable<Uint8Array>,
  opts: IngestOptions,
): Promise<{ schema: IngestSchema; problems: IngestProblem[] }> {
  validateOptions(opts);
  const limits = resolveLimits(opts.limits);
  const overrides = opts.typeOverrides ?? {};
  const info: TableInfo = {};
  const plan = new ColumnPlan();
  const stats: ColumnStats[] = [];
  const keys = new KeySet();
  const problems: IngestProblem[] = [];
  let keyColumns: number[] | undefined;
  let keyDecided = false;
  let rowCount = 0;
  const headerFormat = opts.format === 'csv' || opts.format === 'xlsx';

  const addColumn = (name: string, index: number | undefined): void => {
    plan.add(name, overrides[name], index);
    stats.push(new ColumnStats());
  };

  for await (const batch of openTable(source, opts, limits, { bytes: 0 }, info)) {
    plan.sync(batch.columns, addColumn);
    if (!keyDecided) {
      keyDecided = true;
      keyColumns = decideKey(opts, plan, headerFormat, addColumn);
    }
    for (const raw of batch.rows) {
      const r = checkRow(raw, plan.columns, keyColumns, keys, limits);
      if (r.problems) {
        collect(problems, r.problems, limits);
        continue;
      }
      rowCount++;
      for (let c = 0; c < stats.length; c++) {
        const col = plan.columns[c]!;
        stats[c]!.add(
          r.kinds[c]!,
          col.index === undefined ? undefined : raw.cells[col.index],
          raw.row,
        );
      }
    }
  }
  if (!opts.lenient && problems.length) throw new IngestError(problems);
  const schema = buildSchema({ opts, plan, stats, keyColumns, rowCount, info, problems });
  return { schema, problems };
}

/** The key columns: the given ones, else an existing running_id column, else none (one is added). */
function decideKey(
  opts: IngestOptions,
  plan: ColumnPlan,
  headerFormat: boolean,
  addColumn: (name: string, index: undefined) => void,
): number[] | undefined {
  const wanted = opts.primaryKey?.length
    ? opts.primaryKey
    : plan.has(RUNNING_ID)
      ? [RUNNING_ID]
      : undefined;
  if (!wanted) return undefined;
  return wanted.map((name) => {
    let p = plan.indexOf(name);
    if (p === undefined) {
      if (headerFormat)
        fail({
          code: 'MISSING_PRIMARY_KEY',
          column: name,
          message: `the primary-key column "${name}" is not in the file`,
        });
      // JSON: the key may first appear in a later object; rows without it are reported
      addColumn(name, undefined);
      p = plan.indexOf(name)!;
    }
    if (plan.columns[p]!.label)
      fail({
        code: 'MISSING_PRIMARY_KEY',
        column: name,
        message: `"${name}" is a label column and cannot be the primary key`,
      });
    return p;
  });
}

function collect(into: IngestProblem[], found: IngestProblem[], limits: IngestLimits): void {
  into.push(...found);
  if (into.length > limits.maxProblems) {
    throw new IngestError([
      ...into.slice(0, limits.maxProblems),
      {
        code: 'MALFORMED',
        message: `more than ${limits.maxProblems} problems; the upload was stopped (fix the file, or check that the format and delimiter are right)`,
      },
    ]);
  }
}
