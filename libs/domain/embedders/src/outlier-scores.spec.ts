import { outlierScores } from './outlier-scores.js';
import { ExactVectorIndex } from './vector-index.js';

// 1-D points 0, 1, 2, 10
const index = new ExactVectorIndex(Float32Array.from([0, 1, 2, 10]), 4, 1, 'euclidean');

describe('outlierScores', () => {
  it('knn: mean distance to the k nearest other rows (hand-computed)', () => {
    // k = 2: row 0 -> (1 + 2) / 2, row 1 -> (1 + 1) / 2, row 2 -> (1 + 2) / 2, row 3 -> (8 + 9) / 2
    expect(Array.from(outlierScores(index, { k: 2 }))).toEqual([1.5, 1, 1.5, 8.5]);
    // k larger than the other rows: mean over all of them
    expect(outlierScores(index, { k: 10 })[3]).toBeCloseTo(9, 6);
  });

  it('centroid: distance to the mean vector (mean 3.25)', () => {
    expect(Array.from(outlierScores(index, { method: 'centroid' }))).toEqual([
      3.25, 2.25, 1.25, 6.75,
    ]);
  });

  it('ranks an isolated point highest in a reference sample smaller than the data', () => {
    const n = 400;
    const m = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      m[i * 2] = Math.cos(i) * (i % 2 ? 1 : 1.1);
      m[i * 2 + 1] = Math.sin(i) * (i % 2 ? 1 : 1.1);
    }
    m[2 * 123] = 30;
    const scores = outlierScores(new ExactVectorIndex(m, n, 2, 'euclidean'), {
      k: 5,
      sampleSize: 50,
    });
    expect(scores.indexOf(Math.max(...scores))).toBe(123);
  });

  it('returns nothing for an empty index and rejects bad options', () => {
    expect(outlierScores(new ExactVectorIndex(new Float32Array(0), 0, 3, 'cosine')).length).toBe(0);
    expect(() => outlierScores(index, { k: 0 })).toThrow(/option "k"/);
    expect(() => outlierScores(index, { sampleSize: 1 })).toThrow(/option "sampleSize"/);
    expect(() => outlierScores(index, { method: 'lof' as 'knn' })).toThrow(/option "method"/);
  });
});
