// The public shapes of the ingest API (shared with the records service; keep names stable).

export type DataType = 'TEXT' | 'CATEGORY' | 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'EMBEDDING_LIST';
export const DATA_TYPES: readonly DataType[] = [
  'TEXT',
  'CATEGORY',
  'INTEGER',
  'FLOAT',
  'BOOLEAN',
  'EMBEDDING_LIST',
];

export type UploadFormat = 'csv' | 'json' | 'jsonl' | 'xlsx';

export interface IngestLimits {
  /** bytes of the uploaded file (compressed size for XLSX) */
  maxBytes: number;
  /** data rows read (skipped rows count too) */
  maxRows: number;
  /** columns including label columns */
  maxColumns: number;
  /** UTF-16 code units of one cell (for a list: of its JSON text) */
  maxCellChars: number;
  /** row-level problems collected before the upload is given up (keeps memory bounded) */
  maxProblems: number;
}

export const defaultIngestLimits: IngestLimits = Object.freeze({
  maxBytes: 512 * 1024 * 1024,
  maxRows: 5_000_000,
  maxColumns: 200,
  maxCellChars: 100_000,
  maxProblems: 1_000,
});

export interface LabelColumn {
  /** the attribute the label belongs to; null for a whole-record (`__task`) label */
  attribute: string | null;
  task: string;
}

export interface ColumnSchema {
  name: string;
  /** the type the values are converted to (override, else the project's type, else inferred) */
  dataType: DataType;
  /** what the values alone suggest */
  inferred: DataType;
  /** 0-based position in the file (the added running_id comes last) */
  position: number;
  /** `attr__task` or `__task` label columns: not attributes but manual labels */
  label?: LabelColumn;
  /** non-empty values among the accepted rows */
  nonEmpty?: number;
  /** true for the running_id column added by the ingest (not in the file) */
  added?: boolean;
}

export interface IngestSchema {
  columns: ColumnSchema[];
  /** accepted data rows */
  rowCount: number;
  primaryKey: string[];
  addsRunningId: boolean;
  /** CSV only: the delimiter detected (or given) */
  delimiter?: string;
  /** XLSX only: the sheet read */
  sheet?: string;
}

export interface IngestOptions {
  format: UploadFormat;
  limits?: Partial<IngestLimits>;
  /** skip rows with row-level problems (and report them) instead of failing */
  lenient?: boolean;
  typeOverrides?: Record<string, DataType>;
  primaryKey?: string[];
  /** XLSX: the sheet to read (default: the first) */
  sheet?: string;
  /** CSV: the delimiter (default: detected among , ; tab |) */
  delimiter?: string;
  /** first value of an added running_id (re-uploads continue after the existing records) */
  runningIdStart?: number;
  /** for re-uploads: the project's existing attributes; mismatches are SCHEMA_MISMATCH problems */
  existing?: { name: string; dataType: DataType }[];
}

export type CellValue = string | number | boolean | string[] | null;

export interface RowLabel {
  attribute: string | null;
  task: string;
  value: string;
}

export interface ParsedRow {
  /** 1-based data row in the file */
  row: number;
  data: Record<string, CellValue>;
  labels: RowLabel[];
  /** canonical primary-key string: the key cell's text, or a JSON array of them for composite keys */
  key: string;
}

export interface RowBatch {
  rows: ParsedRow[];
  /** data row of rows[0] (0 when a batch only reports skipped rows) */
  firstRow: number;
  /** bytes of the source consumed so far (for progress) */
  bytesRead: number;
  /** rows skipped (lenient mode) since the previous batch */
  skipped: number;
}

export function resolveLimits(limits: Partial<IngestLimits> | undefined): IngestLimits {
  return { ...defaultIngestLimits, ...limits };
}
