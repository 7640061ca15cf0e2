// The columns both passes work with, kept in step with the reader's columns (which grow while a
// JSON file is read).
import type { DataType } from '../ingest-types.js';
import { labelColumn } from './label-column.js';
import type { PlanColumn } from './row-check.js';

export class ColumnPlan {
  readonly columns: PlanColumn[] = [];
  private readonly byName = new Map<string, number>();
  private synced = 0;

  has(name: string): boolean {
    return this.byName.has(name);
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  add(name: string, type: DataType | undefined, index: number | undefined): number {
    const label = labelColumn(name);
    this.byName.set(name, this.columns.length);
    this.columns.push({ name, type: label ? undefined : type, label, index });
    return this.columns.length - 1;
  }

  /** Maps new reader columns; `unknown` decides what to do with a name the plan lacks. */
  sync(readerColumns: readonly string[], unknown: (name: string, index: number) => void): void {
    for (let i = this.synced; i < readerColumns.length; i++) {
      const name = readerColumns[i]!;
      const p = this.byName.get(name);
      if (p === undefined) unknown(name, i);
      else this.columns[p]!.index = i;
    }
    this.synced = readerColumns.length;
  }
}
