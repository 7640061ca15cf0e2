import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Cell } from '../export-layout.js';
import type { ByteSink } from './byte-sink.js';
import type { RowWriter } from './row-writer.js';
import { sheetCell } from './sheet-cells.js';

/**
 * One worksheet "records" through exceljs' streaming writer: rows are committed as they come
 * (inline strings, no shared-string table, no styles), so memory stays flat. exceljs is loaded on
 * the first XLSX export only (it is large, and most workers never write one).
 */
export class XlsxWriter implements RowWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  static async create(sink: ByteSink): Promise<XlsxWriter> {
    const { default: excel } = await import('exceljs');
    return new XlsxWriter(excel, sink);
  }

  private constructor(excel: typeof ExcelJS, sink: ByteSink) {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        sink.write(chunk).then(() => callback(), callback);
      },
      final(callback) {
        callback();
      },
    });
    this.workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet('records');
  }

  start(columns: readonly string[]): Promise<void> {
    this.sheet.addRow(columns.map((c) => sheetCell(c))).commit();
    return Promise.resolve();
  }

  rows(rows: readonly (readonly Cell[])[]): Promise<void> {
    for (const row of rows) this.sheet.addRow(row.map((c) => sheetCell(c))).commit();
    return Promise.resolve();
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
