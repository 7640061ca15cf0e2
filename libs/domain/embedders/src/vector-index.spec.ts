import { EmbedderErrorCode } from './embedder-error.js';
import { mulberry32 } from './random.js';
import { ExactVectorIndex, type Metric } from './vector-index.js';

// 4 rows in 2-D: e1, e2, (1, 1), (−2, 0)
const M = Float32Array.from([1, 0, 0, 1, 1, 1, -2, 0]);

describe('ExactVectorIndex', () => {
  it('ranks by cosine distance (1 − cos), nearest first', () => {
    const index = new ExactVectorIndex(M, 4, 2, 'cosine');
    const res = index.search(Float32Array.from([2, 0]), 4);
    expect(res.map((r) => r.index)).toEqual([0, 2, 1, 3]);
    expect(res.map((r) => r.distance)).toEqual(
      [0, 1 - Math.SQRT1_2, 1, 2].map((v) => expect.closeTo(v, 6)),
    );
  });

  it('ranks by euclidean distance', () => {
    const index = new ExactVectorIndex(M, 4, 2, 'euclidean');
    const res = index.search(Float32Array.from([1, 0.5]), 2);
    expect(res).toEqual([
      { index: 0, distance: expect.closeTo(0.5, 6) },
      { index: 2, distance: expect.closeTo(0.5, 6) },
    ]);
    expect(index.distance(0, 3)).toBeCloseTo(3, 6);
  });

  it('excludes the query row, applies a threshold and breaks ties by row', () => {
    const index = new ExactVectorIndex(M, 4, 2, 'euclidean');
    expect(index.searchRow(2, 10).map((r) => r.index)).toEqual([0, 1, 3]);
    expect(index.searchRow(2, 10, { threshold: 1 }).map((r) => r.index)).toEqual([0, 1]);
    expect(index.search(Float32Array.from([0.5, 0.5]), 1)).toEqual([
      { index: 0, distance: expect.closeTo(Math.SQRT1_2, 6) },
    ]);
  });

  it('treats a zero vector as at cosine distance 1 from everything', () => {
    const index = new ExactVectorIndex(Float32Array.from([0, 0, 1, 0]), 2, 2, 'cosine');
    expect(index.distance(0, 1)).toBe(1);
    expect(index.search(Float32Array.from([0, 0]), 2).map((r) => r.distance)).toEqual([1, 1]);
  });

  it.each<Metric>(['cosine', 'euclidean'])(
    'agrees with a full sort on random data (%s)',
    (metric) => {
      const rand = mulberry32(4);
      const n = 500;
      const d = 7;
      const m = Float32Array.from({ length: n * d }, () => rand() - 0.5);
      const index = new ExactVectorIndex(m, n, d, metric);
      const q = Float32Array.from({ length: d }, () => rand() - 0.5);
      const all = Array.from(index.distancesTo(q), (distance, i) => ({ index: i, distance })).sort(
        (a, b) => a.distance - b.distance || a.index - b.index,
      );
      const top = index.search(q, 25);
      expect(top.map((r) => r.index)).toEqual(all.slice(0, 25).map((r) => r.index));
      top.forEach((r, i) => expect(r.distance).toBeCloseTo(all[i]!.distance, 5));
      expect(Array.from(index.distancesBetween(3, Int32Array.from([0, 9])))).toEqual(
        [index.distance(3, 0), index.distance(3, 9)].map((v) => expect.closeTo(v, 6)),
      );
    },
  );

  it('rejects bad input with a clear error', () => {
    expect(() => new ExactVectorIndex(new Float32Array(5), 2, 2, 'cosine')).toThrow(
      /5 values, expected 2 × 2/,
    );
    expect(() => new ExactVectorIndex(Float32Array.from([0, NaN]), 1, 2, 'cosine')).toThrow(
      /row 0 has a non-finite value at dimension 1/,
    );
    expect(() => new ExactVectorIndex(M, 4, 2, 'manhattan' as Metric)).toThrow(/option "metric"/);
    const index = new ExactVectorIndex(M, 4, 2, 'cosine');
    expect(() => index.search(new Float32Array(3), 1)).toThrow(
      expect.objectContaining({ code: EmbedderErrorCode.DimensionMismatch }),
    );
    expect(() => index.search(new Float32Array(2), 0)).toThrow(/option "k"/);
    expect(() => index.searchRow(4, 1)).toThrow(/row 4 is outside the index \(0..3\)/);
    expect(() => index.distancesBetween(0, Int32Array.from([7]))).toThrow(/row 7/);
  });
});
