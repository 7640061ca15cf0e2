import { protectCell } from '../cell-safety.js';
import type { Cell } from '../export-layout.js';

/** A cell as CSV/XLSX hold it: lists become JSON array strings, text is protected against formula injection. */
export function sheetCell(cell: Cell | undefined): string | number | boolean | null {
  if (cell === null || cell === undefined) return null;
  if (Array.isArray(cell)) return JSON.stringify(cell);
  if (typeof cell === 'string') return protectCell(cell);
  return cell;
}
