import { KNearestNeighbors } from './knn.js';
import { LearnerErrorCode } from './learner-error.js';

// 1-D training points: 0, 1, 2 (class 0) and 10, 11 (class 1)
const X = Float32Array.from([0, 1, 2, 10, 11]);
const Y = Int32Array.from([0, 0, 0, 1, 1]);

describe('KNearestNeighbors', () => {
  it('votes among the k nearest (uniform weights)', () => {
    const knn = new KNearestNeighbors({ k: 3 }).fit(X, 5, 1, Y, 2);
    // x = 1.5: neighbours 1, 2, 0 -> all class 0; x = 9: 10, 11, 2 -> 2 of 3 class 1
    const p = knn.predictProba(Float32Array.from([1.5, 9]), 2);
    expect(Array.from(p)).toEqual([1, 0, expect.closeTo(1 / 3, 6), expect.closeTo(2 / 3, 6)]);
  });

  it('weights votes by 1 / distance, an exact match taking the whole vote', () => {
    const knn = new KNearestNeighbors({ k: 2, weights: 'distance' }).fit(X, 5, 1, Y, 2);
    // x = 6: neighbours 2 (distance 4, class 0) and 10 (distance 4, class 1) -> 0.5 / 0.5
    // x = 7: 10 (3) and 11 (4), both class 1
    expect(Array.from(knn.predictProba(Float32Array.from([6, 7]), 2))).toEqual([0.5, 0.5, 0, 1]);
    // x = 6.5: 10 at 3.5 (class 1), then 2 and 11 tie at 4.5 -> the lower row (2, class 0)
    const p = knn.predictProba(Float32Array.from([6.5]), 1);
    expect(p[0]).toBeCloseTo(1 / 4.5 / (1 / 3.5 + 1 / 4.5), 6);
    expect(Array.from(knn.predictProba(Float32Array.from([10]), 1))).toEqual([0, 1]);
  });

  it('uses cosine distance when asked (direction, not length)', () => {
    const x = Float32Array.from([1, 0, 10, 0, 0, 1]);
    const knn = new KNearestNeighbors({ k: 1, metric: 'cosine' }).fit(
      x,
      3,
      2,
      Int32Array.from([0, 1, 2]),
      3,
    );
    // (5, 0.1) points along e1: rows 0 and 1 tie at distance ~0; the lower row wins
    expect(Array.from(knn.predictProba(Float32Array.from([5, 0.1]), 1))).toEqual([1, 0, 0]);
    expect(Array.from(knn.predictProba(Float32Array.from([0.1, 5]), 1))).toEqual([0, 0, 1]);
  });

  it('caps k at the training size and rejects bad params', () => {
    const knn = new KNearestNeighbors({ k: 50 }).fit(X, 5, 1, Y, 2);
    expect(Array.from(knn.predictProba(Float32Array.from([0]), 1))).toEqual(
      [0.6, 0.4].map((v) => expect.closeTo(v, 6)),
    );
    expect(() => new KNearestNeighbors({ k: 0 })).toThrow(/invalid knn params: .*k/);
    expect(() => new KNearestNeighbors({ metric: 'manhattan' as 'cosine' })).toThrow(/metric/);
    expect(() => new KNearestNeighbors().predictProba(X, 5)).toThrow(
      expect.objectContaining({ code: LearnerErrorCode.NotFitted }),
    );
  });
});
