// The format-neutral stream every reader produces: rows of raw cells aligned with the columns
// seen so far (JSON columns appear as keys are met; CSV/XLSX columns come from the header).
import type { IngestProblem } from '../ingest-problem.js';

/** A raw cell: text (CSV, XLSX strings), a number or boolean (JSON, XLSX), a JSON array or object, or nothing. */
export type RawCell =
  string | number | boolean | null | undefined | unknown[] | { [key: string]: unknown };

export interface RawRow {
  /** 1-based data row */
  row: number;
  line?: number;
  cells: RawCell[];
  /** row-level problems the reader found (ragged row, malformed record, cell too long) */
  problems?: IngestProblem[];
}

export interface TableBatch {
  columns: readonly string[];
  rows: RawRow[];
}

export interface TableInfo {
  delimiter?: string;
  sheet?: string;
}
