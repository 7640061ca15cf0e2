import { hash64, KeySet } from './key-set.js';

describe('KeySet', () => {
  it('returns the earlier row of a repeated key and 0 for a new one', () => {
    const keys = new KeySet(4);
    expect(keys.add('a', 1)).toBe(0);
    expect(keys.add('b', 2)).toBe(0);
    expect(keys.add('a', 3)).toBe(1);
    expect(keys.size).toBe(2);
  });

  it('keeps every key across growth without false duplicates (200k keys)', () => {
    const keys = new KeySet(16);
    let duplicates = 0;
    for (let i = 1; i <= 200_000; i++) if (keys.add(`key-${i}`, i)) duplicates++;
    expect(duplicates).toBe(0);
    expect(keys.add('key-123456', 999_999)).toBe(123_456);
    expect(keys.size).toBe(200_000);
  });

  it('hashes to two independent 32-bit halves', () => {
    const [a, b] = hash64('hello');
    expect(a).not.toBe(b);
    expect(hash64('hello')).toEqual([a, b]);
    expect(hash64('hellp')).not.toEqual([a, b]);
  });
});
