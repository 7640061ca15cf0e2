// Column names of a table: header names are trimmed, an empty one becomes `Unnamed: <i>` (as
// pandas names it, which refinery used), duplicates and too many columns are file-level problems.
import { fail } from '../ingest-problem.js';

export class ColumnRegistry {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly maxColumns: number) {}

  get size(): number {
    return this.names.length;
  }

  indexOf(name: string): number | undefined {
    return this.index.get(name);
  }

  /** Header formats: every name once. */
  setHeader(raw: readonly string[], count = raw.length): void {
    if (count > this.maxColumns) this.tooMany(count);
    raw.forEach((name, i) => {
      const clean = name.trim() || `Unnamed: ${i}`;
      if (this.index.has(clean)) {
        fail({
          code: 'DUPLICATE_COLUMN',
          column: clean,
          message: `column "${clean}" appears twice in the header (positions ${this.index.get(clean)! + 1} and ${i + 1})`,
        });
      }
      this.add(clean);
    });
  }

  /** JSON formats: a key seen for the first time becomes a new column. */
  ensure(name: string): number {
    const found = this.index.get(name);
    if (found !== undefined) return found;
    if (this.names.length >= this.maxColumns) this.tooMany(this.names.length + 1);
    return this.add(name);
  }

  private add(name: string): number {
    this.index.set(name, this.names.length);
    this.names.push(name);
    return this.names.length - 1;
  }

  private tooMany(count: number): never {
    fail({
      code: 'TOO_MANY_COLUMNS',
      message: `the file has ${count} columns; the limit is ${this.maxColumns}`,
    });
  }
}
