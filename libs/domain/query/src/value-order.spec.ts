import { asScalar, compareCodePoints, compareScalars } from './value-order.js';

describe('value order (MongoDB without collation)', () => {
  it('orders type brackets null < numbers < strings < booleans', () => {
    const sorted = [true, 'a', 3, null, false, -1].sort(compareScalars);
    expect(sorted).toEqual([null, -1, 3, 'a', false, true]);
  });

  it('compares strings by code point like UTF-8 bytes, not by UTF-16 unit', () => {
    // U+FFFD sorts before U+1F600 in UTF-8; JavaScript's < says the opposite.
    expect('😀' < '\uFFFD').toBe(true);
    expect(compareCodePoints('\uFFFD', '😀')).toBe(-1);
    expect(compareCodePoints('Z', 'a')).toBe(-1);
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });

  it('reads missing, NaN and non-scalars as null', () => {
    expect([undefined, Number.NaN, ['x'], { a: 1 }].map(asScalar)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(asScalar(0)).toBe(0);
  });
});
