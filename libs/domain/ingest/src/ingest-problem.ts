// Problems found in an upload, and the error that carries them. Codes are fixed (the records
// service maps them); the extra fields (line, byteOffset) help users find the spot.

export type IngestProblemCode =
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'TOO_MANY_COLUMNS'
  | 'CELL_TOO_LONG'
  | 'DUPLICATE_COLUMN'
  | 'INVALID_UTF8'
  | 'UNPARSEABLE_NUMBER'
  | 'INVALID_VALUE'
  | 'DUPLICATE_PRIMARY_KEY'
  | 'MISSING_PRIMARY_KEY'
  | 'MALFORMED'
  | 'SCHEMA_MISMATCH';

export interface IngestProblem {
  /** 1-based data row (the header is not a data row) */
  row?: number;
  column?: string;
  code: IngestProblemCode;
  message: string;
  /** CSV/JSONL: the line where the record starts; XLSX: the spreadsheet row number */
  line?: number;
  /** INVALID_UTF8: offset of the first invalid byte */
  byteOffset?: number;
}

export class IngestError extends Error {
  readonly problems: IngestProblem[];

  constructor(problems: IngestProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
    super(first ? `${first.code}: ${first.message}${more}` : 'upload rejected');
    this.name = 'IngestError';
    this.problems = problems;
  }
}

export function fail(problem: IngestProblem): never {
  throw new IngestError([problem]);
}

/** Where a row-level problem sits, for messages: "row 3 (line 4)". */
export function rowRef(row: number, line: number | undefined): string {
  return line !== undefined && line !== row ? `row ${row} (line ${line})` : `row ${row}`;
}
