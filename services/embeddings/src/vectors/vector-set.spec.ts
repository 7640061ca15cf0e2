import { toBuffer } from './vector-codec.js';
import { vectorSetOf } from './vector-set.js';

const page = (ids: string[], values: number[], dims: number, removedIds: string[] = [], hashes = ids.map((id) => `h-${id}`)) => ({
  recordIds: ids,
  hashes,
  tokenCounts: [],
  removedIds,
  dims,
  vectors: toBuffer(Float32Array.from(values)),
});

describe('vectorSetOf', () => {
  it('packs pages in order; a later page replaces a record and removals drop it', () => {
    const set = vectorSetOf([page(['a', 'b', 'c'], [1, 0, 2, 0, 3, 0], 2), page(['b'], [9, 9], 2, ['c'], ['new'])], 2);
    expect(set.ids).toEqual(['a', 'b']);
    expect(Array.from(set.matrix)).toEqual([1, 0, 9, 9]);
    expect(set.rows.get('b')).toBe(1);
    expect(set.hashes.get('b')).toBe('new');
    expect(set.rows.has('c')).toBe(false);
  });

  it('keeps token-level pages as record ids without a sentence vector', () => {
    const set = vectorSetOf([{ ...page(['a'], [1, 2, 3, 4], 2), tokenCounts: [2] }], 2);
    expect(set.ids).toEqual(['a']);
    expect(Array.from(set.matrix)).toEqual([0, 0]);
  });

  it('names a page whose vectors do not match its records', () => {
    expect(() => vectorSetOf([page(['a', 'b'], [1, 2, 3], 2)], 2)).toThrow('3 values for 2 records × 2 dims');
  });

  it('is empty without pages', () => {
    expect(vectorSetOf([], 4)).toMatchObject({ ids: [], dims: 4 });
  });
});
