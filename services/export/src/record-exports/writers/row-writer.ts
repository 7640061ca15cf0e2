import type { Cell } from '../export-layout.js';

/** Writes one file format: a header (column names), batches of rows, an ending. */
export interface RowWriter {
  start(columns: readonly string[]): Promise<void>;
  rows(rows: readonly (readonly Cell[])[]): Promise<void>;
  end(): Promise<void>;
}
