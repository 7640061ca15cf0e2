import { parseActiveLearnerConfig } from './active-learner-config.js';
import { runActiveLearner } from './active-learner.js';
import { LearnerErrorCode } from './learner-error.js';

// 12 rows in 1-D: negative = class 0, positive = class 1; rows 0..7 labelled, so the training
// rows (0, 2, 4, 6) are −3, 3, −1, 1: symmetric, boundary at 0
const VECTORS = Float32Array.from([-3, -2, 3, 2, -1, -0.5, 1, 0.5, -2.5, 2.5, 0.01, -0.02]);
const LABELS = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, -1, -1, -1, -1]);
const N = 12;
const config = (extra: object = {}) =>
  parseActiveLearnerConfig({ embedding: 'x-classification-tf-idf', params: { C: 100 }, ...extra });

describe('runActiveLearner', () => {
  it('trains on every other labelled row and holds out the rest', () => {
    const res = runActiveLearner({
      vectors: VECTORS,
      n: N,
      dims: 1,
      labels: LABELS,
      classes: 2,
      config: config(),
    });
    expect(Array.from(res.trainRows)).toEqual([0, 2, 4, 6]);
    expect(Array.from(res.heldOutRows)).toEqual([1, 3, 5, 7]);
  });

  it('keeps predictions at or above minConfidence, with the probability as confidence', () => {
    const res = runActiveLearner({
      vectors: VECTORS,
      n: N,
      dims: 1,
      labels: LABELS,
      classes: 2,
      config: config({ minConfidence: 0.9 }),
    });
    expect(res.rows.length).toBeGreaterThan(0);
    // every kept prediction carries its class probability, ≥ 0.9
    const proba = res.classifier.predictProba(VECTORS, N);
    res.rows.forEach((r, p) => {
      expect(res.confidence[p]).toBeCloseTo(proba[r * 2 + res.predicted[p]!]!, 6);
      expect(res.confidence[p]!).toBeGreaterThanOrEqual(0.9);
    });
    // far rows (|x| ≥ 2) are kept with the right class, the rows next to the boundary
    // (0.01, −0.02) are dropped at the default 0.8
    const all = runActiveLearner({
      vectors: VECTORS,
      n: N,
      dims: 1,
      labels: LABELS,
      classes: 2,
      config: config(),
    });
    const kept = new Map(Array.from(all.rows, (r, p) => [r, all.predicted[p]!]));
    expect([0, 1, 2, 3, 8, 9].map((r) => kept.get(r))).toEqual([0, 0, 1, 1, 0, 1]);
    expect(kept.has(10) || kept.has(11)).toBe(false);
  });

  it('runs a decision tree too', () => {
    const res = runActiveLearner({
      vectors: VECTORS,
      n: N,
      dims: 1,
      labels: LABELS,
      classes: 2,
      config: config({ model: 'decision-tree', params: { minSamplesLeaf: 1 } }),
    });
    expect(Array.from(res.predicted)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0]);
    expect(Array.from(res.confidence)).toEqual(new Array(N).fill(1));
  });

  it('refuses when the training half lacks a second class, naming the counts', () => {
    const labels = Int32Array.from([0, 1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
    expect(() =>
      runActiveLearner({ vectors: VECTORS, n: N, dims: 1, labels, classes: 2, config: config() }),
    ).toThrow(
      expect.objectContaining({
        code: LearnerErrorCode.NotEnoughLabels,
        message: expect.stringMatching(/3 labelled records give 2 training rows with 1 class/),
      }),
    );
    expect(() =>
      runActiveLearner({
        vectors: VECTORS,
        n: N,
        dims: 1,
        labels: new Int32Array(N).fill(-1),
        classes: 2,
        config: config(),
      }),
    ).toThrow(/0 labelled records/);
  });

  it('rejects labels of the wrong length or outside the classes', () => {
    expect(() =>
      runActiveLearner({
        vectors: VECTORS,
        n: N,
        dims: 1,
        labels: new Int32Array(3),
        classes: 2,
        config: config(),
      }),
    ).toThrow(/labels has 3 entries, expected one per row \(12\)/);
    const labels = Int32Array.from(LABELS);
    labels[9] = 5;
    expect(() =>
      runActiveLearner({ vectors: VECTORS, n: N, dims: 1, labels, classes: 2, config: config() }),
    ).toThrow(/labels\[9\] = 5 is neither −1 nor a class index in \[0, 2\)/);
    expect(() =>
      runActiveLearner({
        vectors: VECTORS,
        n: 9,
        dims: 1,
        labels: LABELS,
        classes: 2,
        config: config(),
      }),
    ).toThrow(/X has 12 values/);
  });
});
