import { bytePages } from './byte-pages.js';

describe('bytePages', () => {
  it('cuts pages at the item limit', () => {
    expect([...bytePages([1, 2, 3, 4, 5], 2, 1_000)]).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('cuts pages before they pass the byte limit', () => {
    const items = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
    const pages = [...bytePages(items, 100, 100)];
    expect(pages).toEqual([[items[0], items[1]], [items[2]]]);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(100);
  });

  it('gives an oversized item a page of its own', () => {
    expect([...bytePages(['x'.repeat(500), 'y'], 10, 100)]).toEqual([['x'.repeat(500)], ['y']]);
  });

  it('yields nothing for no items', () => {
    expect([...bytePages([], 10, 100)]).toEqual([]);
  });
});
