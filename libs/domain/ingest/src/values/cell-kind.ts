// What a raw cell is, judged on its own: the basis of type inference and conversion.
//
// - empty: null/undefined, '' or whitespace only
// - boolean: true/false (JSON, XLSX) or the text true/false in any case
// - integer: a safe integer number, or text matching -?digits without leading zeros ("007" is an
//   identifier, not 7; digits beyond 2^53 would lose precision and stay text)
// - float: any other finite number, or decimal/exponent text ("1.5", "-.5", "1e3"); NaN/inf stay text
// - list: a JSON array of strings, or text that is one (`["a", "b"]`)
// - object: a nested JSON object (rejected: flatten or stringify it before upload)
// - text: everything else
import type { RawCell } from '../table/raw-table.js';

export type CellKind = 'empty' | 'boolean' | 'integer' | 'float' | 'list' | 'object' | 'text';

const INTEGER = /^[+-]?(?:0|[1-9]\d*)$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function cellKind(cell: RawCell): CellKind {
  if (cell === null || cell === undefined) return 'empty';
  switch (typeof cell) {
    case 'string':
      return textKind(cell);
    case 'number':
      return Number.isSafeInteger(cell) ? 'integer' : Number.isFinite(cell) ? 'float' : 'text';
    case 'boolean':
      return 'boolean';
    default:
      if (Array.isArray(cell)) return isStringList(cell) ? 'list' : 'text';
      return 'object';
  }
}

export function textKind(raw: string): CellKind {
  const s = raw.trim();
  if (!s) return 'empty';
  const c = s.charCodeAt(0);
  // dispatch on the first character: most cells are plain text and need no regex
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (INTEGER.test(s)) return Number.isSafeInteger(Number(s)) ? 'integer' : 'text';
    if (FLOAT.test(s) && Number.isFinite(Number(s)) && !/^[+-]?0\d/.test(s)) return 'float';
    return 'text';
  }
  if (c === 116 || c === 84 || c === 102 || c === 70) {
    const lower = s.toLowerCase();
    return lower === 'true' || lower === 'false' ? 'boolean' : 'text';
  }
  if (c === 91 && s.charCodeAt(s.length - 1) === 93) return parseList(s) ? 'list' : 'text';
  return 'text';
}

function isStringList(a: readonly unknown[]): a is string[] {
  return a.every((x) => typeof x === 'string');
}

/** `["a","b"]` → ['a','b']; undefined unless it is a JSON array of strings. */
export function parseList(s: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) && isStringList(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The text a cell shows: what keys and TEXT/CATEGORY values are made of. */
export function cellText(cell: RawCell): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell === null || cell === undefined) return '';
  return JSON.stringify(cell);
}

/** Length for the cell limit (lists and objects by their JSON text). */
export function cellLength(cell: RawCell): number {
  if (typeof cell === 'string') return cell.length;
  if (typeof cell === 'object' && cell !== null) return JSON.stringify(cell).length;
  return 0;
}
