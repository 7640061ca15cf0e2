// Worksheet XML → raw rows. The first row with a value is the header; entirely empty rows are
// skipped (like blank CSV lines); `line` is the spreadsheet row number. Cell types: shared
// string (s), inline string, formula string (str), boolean (b), ISO date text (d), error (e, a
// row-level INVALID_VALUE) and numbers (the default; date-formatted numbers stay serial numbers).
import { fail, type IngestProblem } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import { ColumnRegistry } from '../table/column-registry.js';
import type { RawCell, RawRow } from '../table/raw-table.js';
import { attr, decodeExcelEscapes, type XmlHandler } from './xml-scanner.js';

interface ErrorCell {
  column: number;
  error: string;
}

export class SheetHandler implements XmlHandler {
  readonly columns: ColumnRegistry;
  headerSeen = false;
  private sheetRow = 0;
  private dataRow = 0;
  private cells: RawCell[] = [];
  private errors: ErrorCell[] = [];
  private beyond = -1;
  private col = -1;
  private type: string | undefined;
  private value: string[] = [];
  private inValue = false;
  private inInline = false;
  private inPhonetic = false;
  private chars = 0;
  private tooLong = -1;

  constructor(
    private readonly limits: IngestLimits,
    private readonly sharedStrings: readonly string[],
    private readonly emit: (row: RawRow) => void,
  ) {
    this.columns = new ColumnRegistry(limits.maxColumns);
  }

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const r = attr(attrs, 'r');
        this.sheetRow = r ? Number(r) : this.sheetRow + 1;
        this.cells = [];
        this.errors = [];
        this.beyond = -1;
        this.tooLong = -1;
        this.col = -1;
        if (selfClosing) this.endRow();
        return;
      }
      case 'c': {
        const ref = attr(attrs, 'r');
        this.col = ref ? columnIndex(ref) : this.col + 1;
        this.type = attr(attrs, 't');
        this.value = [];
        this.chars = 0;
        return;
      }
      case 'v':
        this.inValue = !selfClosing;
        return;
      case 'is':
        this.inInline = true;
        return;
      case 't':
        if (this.inInline && !selfClosing) this.inValue = true;
        return;
      case 'rPh':
        this.inPhonetic = true;
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.inValue = false;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        this.inPhonetic = false;
        return;
      case 'c':
        this.endCell();
        return;
      case 'row':
        this.endRow();
        return;
    }
  }

  text(text: string): void {
    if (!this.inValue || this.inPhonetic) return;
    this.chars += text.length;
    if (this.chars > this.limits.maxCellChars) {
      if (this.tooLong < 0) this.tooLong = this.col;
      return;
    }
    this.value.push(text);
  }

  private endCell(): void {
    const raw = this.value.join('');
    let cell: RawCell;
    switch (this.type) {
      case 's': {
        const s = this.sharedStrings[Number(raw)];
        if (s === undefined)
          fail({
            code: 'MALFORMED',
            line: this.sheetRow,
            message: `spreadsheet row ${this.sheetRow}: shared string ${raw} does not exist`,
          });
        cell = s;
        break;
      }
      case 'inlineStr':
      case 'str':
      case 'd':
        cell = decodeExcelEscapes(raw);
        break;
      case 'b':
        cell = raw === '1' || raw.toLowerCase() === 'true';
        break;
      case 'e':
        this.errors.push({ column: this.col, error: raw });
        cell = null;
        break;
      default:
        cell = raw === '' ? null : Number(raw);
    }
    if (cell === null || cell === '') return;
    if (this.headerSeen && this.col >= this.columns.size) {
      if (this.beyond < 0) this.beyond = this.col;
      return;
    }
    this.cells[this.col] = cell;
  }

  private endRow(): void {
    const cells = this.cells;
    const hasValue =
      cells.length > 0 || this.errors.length > 0 || this.beyond >= 0 || this.tooLong >= 0;
    if (!hasValue) return;
    if (!this.headerSeen) {
      if (this.tooLong >= 0)
        fail({
          code: 'CELL_TOO_LONG',
          line: this.sheetRow,
          message: `header cell ${this.tooLong + 1} is longer than ${this.limits.maxCellChars} characters`,
        });
      const names = Array.from(cells, (c) => (c === undefined || c === null ? '' : String(c)));
      this.columns.setHeader(names);
      this.headerSeen = true;
      return;
    }
    const row = ++this.dataRow;
    const line = this.sheetRow;
    const raw: RawRow = { row, line, cells };
    const problems: IngestProblem[] = [];
    const names = this.columns.names;
    if (this.beyond >= 0)
      problems.push({
        code: 'MALFORMED',
        row,
        line,
        message: `row ${row} (spreadsheet row ${line}) has a value in column ${this.beyond + 1}; the header has ${names.length} columns`,
      });
    for (const e of this.errors) {
      const column = names[e.column] ?? String(e.column + 1);
      problems.push({
        code: 'INVALID_VALUE',
        row,
        line,
        column,
        message: `row ${row} (spreadsheet row ${line}), column "${column}": the cell holds the Excel error ${e.error}`,
      });
    }
    if (this.tooLong >= 0) {
      const column = names[this.tooLong] ?? String(this.tooLong + 1);
      problems.push({
        code: 'CELL_TOO_LONG',
        row,
        line,
        column,
        message: `row ${row}, column "${column}": the cell is longer than ${this.limits.maxCellChars} characters`,
      });
    }
    if (problems.length) raw.problems = problems;
    this.emit(raw);
  }

  get rowsRead(): number {
    return this.dataRow;
  }
}

/** "AB12" → 27 (0-based column). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
