// Pass 2: streams the source again and yields typed rows in batches. It repeats pass 1's checks
// row by row, so in lenient mode it skips exactly the rows pass 1 reported; a problem in strict
// mode, a column the schema lacks or a different row count mean the source changed between the
// passes (or the schema came from another file) and end the stream with an IngestError.
import { fail, IngestError } from './ingest-problem.js';
import {
  type CellValue,
  type IngestOptions,
  type IngestSchema,
  type ParsedRow,
  resolveLimits,
  type RowBatch,
  type RowLabel,
} from './ingest-types.js';
import { ColumnPlan } from './schema/column-plan.js';
import { KeySet } from './schema/key-set.js';
import { checkRow } from './schema/row-check.js';
import { validateOptions } from './schema/validate-options.js';
import type { ByteCounter } from './source/byte-source.js';
import { openTable } from './table/open-table.js';
import type { TableInfo } from './table/raw-table.js';
import { cellText } from './values/cell-kind.js';

export async function* parseRows(
  source: AsyncIterable<Uint8Array>,
  schema: IngestSchema,
  opts: IngestOptions & { batchSize?: number },
): AsyncGenerator<RowBatch> {
  validateOptions(opts);
  const limits = resolveLimits(opts.limits);
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const plan = new ColumnPlan();
  for (const col of schema.columns) if (!col.added) plan.add(col.name, col.dataType, undefined);
  const cols = plan.columns;
  const keyColumns = schema.addsRunningId
    ? undefined
    : schema.primaryKey.map(
        (name) =>
          plan.indexOf(name) ??
          fail({
            code: 'MISSING_PRIMARY_KEY',
            column: name,
            message: `the schema's primary-key column "${name}" is not among its columns`,
          }),
      );
  const keys = keyColumns ? new KeySet(schema.rowCount) : undefined;
  const runningId = opts.runningIdStart ?? 0;
  const counter: ByteCounter = { bytes: 0 };
  const info: TableInfo = {};
  const headerFormat = opts.format === 'csv' || opts.format === 'xlsx';
  const format = {
    ...opts,
    ...(schema.delimiter !== undefined && { delimiter: schema.delimiter }),
    ...(schema.sheet !== undefined && { sheet: schema.sheet }),
  };
  let out: ParsedRow[] = [];
  let skipped = 0;
  let accepted = 0;
  let checkedHeader = false;

  for await (const batch of openTable(source, format, limits, counter, info)) {
    plan.sync(batch.columns, (name) =>
      fail({
        code: 'SCHEMA_MISMATCH',
        column: name,
        message: `column "${name}" is not in the schema (did the file change since inferSchema?)`,
      }),
    );
    if (headerFormat && !checkedHeader) {
      checkedHeader = true;
      const missing = cols.find((c) => c.index === undefined);
      if (missing)
        fail({
          code: 'SCHEMA_MISMATCH',
          column: missing.name,
          message: `column "${missing.name}" of the schema is not in the file`,
        });
    }
    for (const raw of batch.rows) {
      const r = checkRow(raw, cols, keyColumns, keys, limits);
      if (r.problems) {
        if (!opts.lenient) throw new IngestError(r.problems);
        skipped++;
        continue;
      }
      const data: Record<string, CellValue> = {};
      const labels: RowLabel[] = [];
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c]!;
        if (col.label) {
          if (r.kinds[c] !== 'empty')
            labels.push({
              attribute: col.label.attribute,
              task: col.label.task,
              value: cellText(raw.cells[col.index!]).trim(),
            });
        } else data[col.name] = r.values[c] ?? null;
      }
      let key = r.key;
      if (!keyColumns) {
        const id = runningId + accepted;
        data['running_id'] = id;
        key = String(id);
      }
      accepted++;
      out.push({ row: raw.row, data, labels, key });
      if (out.length >= batchSize) {
        yield { rows: out, firstRow: out[0]!.row, bytesRead: counter.bytes, skipped };
        out = [];
        skipped = 0;
      }
    }
  }
  if (out.length || skipped)
    yield { rows: out, firstRow: out[0]?.row ?? 0, bytesRead: counter.bytes, skipped };
  if (accepted !== schema.rowCount) {
    fail({
      code: 'MALFORMED',
      message: `the file has ${accepted} importable rows now, ${schema.rowCount} when its schema was inferred (did it change?)`,
    });
  }
}
