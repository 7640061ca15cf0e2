// A resumable RFC 4180 tokenizer: text is pushed in chunks of any size, complete records come
// out. Quoted fields may hold delimiters, quotes ("") and line breaks; CRLF, LF and CR end
// records. Cells longer than the limit are measured but not stored, so one runaway field cannot
// exhaust memory; fields past `maxFields` are counted but not stored.

export interface CsvRecord {
  /** the stored fields (at most maxFields) */
  fields: string[];
  /** how many fields the record has */
  count: number;
  /** line where the record starts (1-based) */
  line: number;
  /** index of the first field longer than maxCellChars */
  tooLong?: number;
  /** index of the first field with text after its closing quote */
  malformed?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

// tokenizer states
const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, AfterQuote: 3 } as const;
type State = (typeof State)[keyof typeof State];

export class CsvTokenizer {
  readonly records: CsvRecord[] = [];
  private state: State = State.FieldStart;
  private fields: string[] = [];
  private count = 0;
  private field = '';
  private fieldLen = 0;
  private tooLong: number | undefined;
  private malformed: number | undefined;
  private skipLf = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private touched = false;
  private quoted = false;

  constructor(
    private readonly delimiter: number,
    private readonly maxCellChars: number,
    private readonly maxFields: number,
  ) {}

  /** Line of the record being read (for errors at the end of input). */
  get currentLine(): number {
    return this.recordLine;
  }

  push(s: string): void {
    const n = s.length;
    const delim = this.delimiter;
    let i = 0;
    if (this.skipLf && n > 0) {
      if (s.charCodeAt(0) === LF) i = 1;
      this.skipLf = false;
    }
    while (i < n) {
      switch (this.state) {
        case State.Quoted: {
          const j = s.indexOf('"', i);
          const end = j < 0 ? n : j;
          this.countLines(s, i, end);
          this.append(s, i, end);
          if (j < 0) return;
          i = j + 1;
          this.state = State.AfterQuote;
          break;
        }
        case State.AfterQuote: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.append(s, i, i + 1);
            this.state = State.Quoted;
            i++;
          } else if (c === delim || c === LF || c === CR) {
            this.state = State.Unquoted;
          } else {
            this.malformed ??= this.count;
            this.state = State.Unquoted;
          }
          break;
        }
        case State.FieldStart: {
          this.touched = true;
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.quoted = true;
            i++;
            break;
          }
          this.state = State.Unquoted;
          break;
        }
        default: {
          // Unquoted: a quote here is an ordinary character (5" screen)
          const start = i;
          let c = 0;
          while (i < n) {
            c = s.charCodeAt(i);
            if (c === delim || c === LF || c === CR) break;
            i++;
          }
          this.append(s, start, i);
          if (i >= n) return;
          i++;
          if (c === delim) {
            this.endField();
            this.state = State.FieldStart;
            this.touched = true;
          } else {
            this.endField();
            this.endRecord();
            this.line++;
            if (c === CR) {
              if (i < n) {
                if (s.charCodeAt(i) === LF) i++;
              } else this.skipLf = true;
            }
          }
        }
      }
    }
  }

  /** Flushes the last record. Returns the line of an unterminated quoted field, if any. */
  end(): { unterminatedQuoteLine?: number } {
    if (this.state === State.Quoted) return { unterminatedQuoteLine: this.quoteLine };
    if (this.touched || this.fieldLen > 0 || this.count > 0) {
      this.endField();
      this.endRecord();
    }
    return {};
  }

  private countLines(s: string, from: number, to: number): void {
    let k = s.indexOf('\n', from);
    while (k >= 0 && k < to) {
      this.line++;
      k = s.indexOf('\n', k + 1);
    }
  }

  private append(s: string, from: number, to: number): void {
    if (to <= from) return;
    this.fieldLen += to - from;
    if (this.fieldLen > this.maxCellChars) {
      this.tooLong ??= this.count;
      return;
    }
    this.field = this.field ? this.field + s.slice(from, to) : s.slice(from, to);
  }

  private endField(): void {
    if (this.count < this.maxFields)
      this.fields.push(this.fieldLen > this.maxCellChars ? '' : this.field);
    this.count++;
    this.field = '';
    this.fieldLen = 0;
  }

  private endRecord(): void {
    // a blank line (one empty unquoted field) is not a record
    const blank = this.count === 1 && this.fields[0] === '' && !this.quoted;
    if (!blank) {
      const rec: CsvRecord = { fields: this.fields, count: this.count, line: this.recordLine };
      if (this.tooLong !== undefined) rec.tooLong = this.tooLong;
      if (this.malformed !== undefined) rec.malformed = this.malformed;
      this.records.push(rec);
    }
    this.fields = [];
    this.count = 0;
    this.tooLong = undefined;
    this.malformed = undefined;
    this.touched = false;
    this.quoted = false;
    this.recordLine = this.line + 1;
    this.state = State.FieldStart;
  }
}
