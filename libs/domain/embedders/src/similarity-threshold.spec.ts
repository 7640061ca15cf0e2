import { similarityThreshold, percentile } from './similarity-threshold.js';
import { ExactVectorIndex } from './vector-index.js';

describe('percentile', () => {
  it("interpolates linearly between ranks like numpy's default", () => {
    // numpy.percentile([1, 2, 3, 4], 5) = 1 + 0.15 · (2 − 1)
    expect(percentile([4, 1, 3, 2], 5)).toBeCloseTo(1.15, 12);
    expect(percentile([4, 1, 3, 2], 50)).toBeCloseTo(2.5, 12);
    expect(percentile([7], 5)).toBe(7);
    expect(percentile([], 5)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(/option "percentile"/);
  });
});

describe('similarityThreshold', () => {
  it('is the 5th percentile of all pairwise distances when the sample covers every row', () => {
    // points on a line at 0, 1, 3, 6: pairwise distances 1, 2, 3, 3, 5, 6
    const index = new ExactVectorIndex(Float32Array.from([0, 1, 3, 6]), 4, 1, 'euclidean');
    // sorted [1, 2, 3, 3, 5, 6]: rank 0.05 · 5 = 0.25 -> 1 + 0.25 · (2 − 1)
    expect(similarityThreshold(index)).toBeCloseTo(1.25, 6);
    expect(similarityThreshold(index, { percentile: 50 })).toBeCloseTo(3, 6);
  });

  it('samples deterministically and rejects a too small sample', () => {
    const m = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i));
    const index = new ExactVectorIndex(m, 150, 2, 'cosine');
    expect(similarityThreshold(index, { sampleSize: 40, seed: 3 })).toBe(
      similarityThreshold(index, { sampleSize: 40, seed: 3 }),
    );
    expect(() => similarityThreshold(index, { sampleSize: 1 })).toThrow(/option "sampleSize"/);
    expect(
      similarityThreshold(new ExactVectorIndex(Float32Array.from([1, 2]), 1, 2, 'cosine')),
    ).toBeNaN();
  });
});
