// Per-column statistics of the accepted rows, enough to infer a type in one pass with bounded
// memory: counts per kind, the first row breaking each candidate type, and up to 21 distinct
// short values (for CATEGORY).
import type { DataType } from '../ingest-types.js';
import type { RawCell } from '../table/raw-table.js';
import { type CellKind, cellText } from '../values/cell-kind.js';

export const CATEGORY_MAX_DISTINCT = 20;
export const CATEGORY_MAX_CHARS = 50;
export const CATEGORY_MIN_VALUES = 10;

/** First row (and value) that is not of a candidate type. */
export interface Breaker {
  row: number;
  value: string;
}

export class ColumnStats {
  nonEmpty = 0;
  notInteger: Breaker | undefined;
  notFloat: Breaker | undefined;
  notBoolean: Breaker | undefined;
  notList: Breaker | undefined;
  /** distinct texts while they are few and short; undefined once CATEGORY is ruled out */
  distinct: Set<string> | undefined = new Set();

  add(kind: CellKind, cell: RawCell, row: number): void {
    if (kind === 'empty') return;
    const text = (): string => cellText(cell);
    this.nonEmpty++;
    if (kind !== 'integer' && !this.notInteger) this.notInteger = { row, value: text() };
    if (kind !== 'integer' && kind !== 'float' && !this.notFloat)
      this.notFloat = { row, value: text() };
    if (kind !== 'boolean' && !this.notBoolean) this.notBoolean = { row, value: text() };
    if (kind !== 'list' && !this.notList) this.notList = { row, value: text() };
    if (this.distinct) {
      const t = text();
      if (t.length > CATEGORY_MAX_CHARS) this.distinct = undefined;
      else {
        this.distinct.add(t);
        if (this.distinct.size > CATEGORY_MAX_DISTINCT) this.distinct = undefined;
      }
    }
  }

  /**
   * BOOLEAN, INTEGER, FLOAT, EMBEDDING_LIST when every non-empty value is one; CATEGORY when the
   * values are texts with at most 20 distinct values of at most 50 characters, at least 10
   * values, and each value on average at least twice; else TEXT. A column without values is TEXT.
   */
  infer(): DataType {
    if (this.nonEmpty === 0) return 'TEXT';
    if (!this.notBoolean) return 'BOOLEAN';
    if (!this.notInteger) return 'INTEGER';
    if (!this.notFloat) return 'FLOAT';
    if (!this.notList) return 'EMBEDDING_LIST';
    const d = this.distinct;
    if (d && this.nonEmpty >= CATEGORY_MIN_VALUES && this.nonEmpty >= 2 * d.size) return 'CATEGORY';
    return 'TEXT';
  }

  /** Can every value seen be stored as `type`? Returns the first row that cannot. */
  breakerFor(type: DataType): Breaker | undefined {
    switch (type) {
      case 'INTEGER':
        return this.notInteger;
      case 'FLOAT':
        return this.notFloat;
      case 'BOOLEAN':
        return this.notBoolean;
      case 'EMBEDDING_LIST':
        return this.notList;
      default:
        // any value has a text (a column of lists only is checked by the caller)
        return undefined;
    }
  }
}
