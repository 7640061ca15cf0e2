import { DecisionTree } from './decision-tree.js';
import { LearnerErrorCode } from './learner-error.js';

describe('DecisionTree', () => {
  it('splits halfway between the values that separate the classes best (Gini)', () => {
    // feature 0 is noise, feature 1 separates at 2.5 (values 1, 2 | 3, 4)
    const x = Float32Array.from([5, 1, 1, 2, 4, 3, 2, 4]);
    const y = Int32Array.from([0, 0, 1, 1]);
    const tree = new DecisionTree({ minSamplesLeaf: 1 }).fit(x, 4, 2, y, 2);
    expect(tree.rootSplit()).toEqual({ feature: 1, threshold: 2.5 });
    expect(tree.depth).toBe(1);
    expect(Array.from(tree.predictProba(Float32Array.from([0, 2.5, 0, 2.6]), 2))).toEqual([
      1, 0, 0, 1,
    ]);
  });

  it('picks the split with the lowest weighted Gini (hand-computed)', () => {
    // x = 1..6, y = 0 0 1 0 1 1: thresholds 2.5 -> Gini 1/3·0 + 4/6·(1 − (1/4)² − (3/4)²) = 0.25;
    // 3.5 -> 2·(3/6)·(1 − (2/3)² − (1/3)²) = 0.444; 4.5 -> 4/6·0.375 + 0 = 0.25 (tie: lower wins)
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const y = Int32Array.from([0, 0, 1, 0, 1, 1]);
    const stump = new DecisionTree({ maxDepth: 1, minSamplesLeaf: 1 }).fit(x, 6, 1, y, 2);
    expect(stump.rootSplit()).toEqual({ feature: 0, threshold: 2.5 });
    // the right leaf holds 3, 4, 5, 6 -> class 1 with 3/4
    expect(Array.from(stump.predictProba(Float32Array.from([6]), 1))).toEqual([0.25, 0.75]);
  });

  it('respects maxDepth and minSamplesLeaf, and fits a pure set as one leaf', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const alternating = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(
      new DecisionTree({ maxDepth: 2, minSamplesLeaf: 1 }).fit(x, 8, 1, alternating, 2).depth,
    ).toBeLessThanOrEqual(2);
    const wide = new DecisionTree({ maxDepth: 10, minSamplesLeaf: 3 }).fit(x, 8, 1, alternating, 2);
    const leafProba = wide.predictProba(x, 8);
    // no leaf may hold fewer than 3 rows: every probability is a multiple of 1/n with n ≥ 3
    for (const p of leafProba)
      expect(
        [0, 1 / 3, 2 / 3, 1, 0.25, 0.5, 0.75, 0.2, 0.4, 0.6, 0.8, 3 / 8, 5 / 8].some(
          (q) => Math.abs(p - q) < 1e-6,
        ),
      ).toBe(true);
    const pure = new DecisionTree().fit(x, 8, 1, new Int32Array(8), 2);
    expect(pure.nodeCount).toBe(1);
    expect(pure.rootSplit()).toBeNull();
  });

  it('does not split between equal values', () => {
    const x = Float32Array.from([1, 1, 1, 1]);
    const tree = new DecisionTree({ minSamplesLeaf: 1 }).fit(
      x,
      4,
      1,
      Int32Array.from([0, 1, 0, 1]),
      2,
    );
    expect(tree.nodeCount).toBe(1);
    expect(Array.from(tree.predictProba(Float32Array.from([1]), 1))).toEqual([0.5, 0.5]);
  });

  it('rejects bad params and prediction before fit', () => {
    expect(() => new DecisionTree({ maxDepth: 0 })).toThrow(
      /invalid decision-tree params: .*maxDepth/,
    );
    expect(() => new DecisionTree({ minSamplesLeaf: 0 })).toThrow(/minSamplesLeaf/);
    expect(() => new DecisionTree({ minSamplesSplit: 1 })).toThrow(/minSamplesSplit/);
    expect(() => new DecisionTree().predictProba(new Float32Array(1), 1)).toThrow(
      expect.objectContaining({ code: LearnerErrorCode.NotFitted }),
    );
  });
});
