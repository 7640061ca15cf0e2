import { stringify } from 'csv-stringify/sync';
import type { Cell } from '../export-layout.js';
import type { ByteSink } from './byte-sink.js';
import type { RowWriter } from './row-writer.js';
import { sheetCell } from './sheet-cells.js';

/** RFC 4180 CSV (comma, double quotes, CRLF-free `\n` rows), header row first; empty cell = null. */
export class CsvWriter implements RowWriter {
  constructor(private readonly sink: ByteSink) {}

  async start(columns: readonly string[]): Promise<void> {
    await this.sink.write(Buffer.from(stringify([columns.map((c) => sheetCell(c))])));
  }

  async rows(rows: readonly (readonly Cell[])[]): Promise<void> {
    if (!rows.length) return;
    await this.sink.write(Buffer.from(stringify(rows.map((r) => r.map((c) => sheetCell(c))), { cast: { boolean: (b) => (b ? 'true' : 'false') } })));
  }

  end(): Promise<void> {
    return Promise.resolve();
  }
}
