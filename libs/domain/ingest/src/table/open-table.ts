// Source bytes → raw table batches for the chosen format, with the row limit enforced while
// streaming.
import { readCsv } from '../csv/csv-reader.js';
import { fail } from '../ingest-problem.js';
import type { IngestLimits, IngestOptions } from '../ingest-types.js';
import { readJson } from '../json/json-reader.js';
import { readJsonl } from '../json/jsonl-reader.js';
import { type ByteCounter, decodeUtf8, limitBytes } from '../source/byte-source.js';
import { readXlsx } from '../xlsx/xlsx-reader.js';
import type { TableBatch, TableInfo } from './raw-table.js';

export async function* openTable(
  source: AsyncIterable<Uint8Array>,
  opts: IngestOptions,
  limits: IngestLimits,
  counter: ByteCounter,
  info: TableInfo,
): AsyncGenerator<TableBatch> {
  const bytes = limitBytes(source, limits.maxBytes, counter);
  const text = (): AsyncGenerator<string> => decodeUtf8(bytes, counter);
  let table: AsyncGenerator<TableBatch>;
  switch (opts.format) {
    case 'csv':
      table = readCsv(text(), limits, opts.delimiter, info);
      break;
    case 'json':
      table = readJson(text(), limits);
      break;
    case 'jsonl':
      table = readJsonl(text(), limits);
      break;
    case 'xlsx':
      table = readXlsx(bytes, limits, opts.sheet, info);
      break;
    default:
      fail({
        code: 'MALFORMED',
        message: `unknown upload format "${String(opts.format)}" (csv, json, jsonl, xlsx)`,
      });
  }
  for await (const batch of table) {
    const last = batch.rows[batch.rows.length - 1];
    if (last && last.row > limits.maxRows) {
      fail({
        code: 'TOO_MANY_ROWS',
        row: limits.maxRows + 1,
        message: `the file has more than ${limits.maxRows} rows`,
      });
    }
    yield batch;
  }
}
