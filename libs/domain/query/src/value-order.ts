// Total order of stored scalar values as MongoDB sorts and compares them without a collation:
// null/missing < numbers < strings < booleans; strings by code point (= UTF-8 byte order), not
// by UTF-16 unit as JavaScript's `<` does (they differ for characters above U+FFFF).

export type Scalar = string | number | boolean | null;

function bracket(v: Scalar): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'number':
      return 1;
    case 'string':
      return 2;
    default:
      return 3;
  }
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after U+E000..FFFF.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function compareScalars(a: Scalar, b: Scalar): number {
  const ba = bracket(a);
  const bb = bracket(b);
  if (ba !== bb) return ba < bb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return 0;
}

/** Reads a stored value as a sortable scalar: missing, undefined and non-scalars count as null. */
export function asScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  return null;
}
