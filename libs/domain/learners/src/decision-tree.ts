import type { Classifier } from './classifier.js';
import { LearnerError, LearnerErrorCode } from './learner-error.js';
import { type DecisionTreeParams, decisionTreeParamsSchema, parseParams } from './params.js';
import { checkLabels, checkMatrix } from './validate.js';

interface Split {
  feature: number;
  threshold: number;
  /** Σ_left c²/n_left + Σ_right c²/n_right: larger = lower weighted Gini impurity */
  score: number;
}

/**
 * CART classification tree with Gini impurity (scikit-learn's `DecisionTreeClassifier` rules:
 * thresholds halfway between neighbouring values, `x ≤ threshold` goes left, a leaf predicts its
 * class frequencies). Every feature is presorted once; a split partitions the sorted lists
 * stably, so finding all splits of one depth level costs O(n · d). Ties between splits go to the
 * lower feature, then the lower threshold, so trees are deterministic.
 */
export class DecisionTree implements Classifier {
  readonly name = 'decision-tree';
  readonly params: DecisionTreeParams;
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private values: number[] = [];
  private d = 0;
  private classes = 0;

  constructor(params: Partial<DecisionTreeParams> = {}) {
    this.params = parseParams('decision-tree', decisionTreeParamsSchema, params);
  }

  /** Number of nodes (leaves included) of the fitted tree. */
  get nodeCount(): number {
    return this.feature.length;
  }

  /** Depth of the fitted tree (a single leaf has depth 0). */
  get depth(): number {
    const depthOf = (node: number): number =>
      this.feature[node]! < 0
        ? 0
        : 1 + Math.max(depthOf(this.left[node]!), depthOf(this.right[node]!));
    return this.feature.length ? depthOf(0) : 0;
  }

  fit(x: Float32Array, n: number, d: number, y: Int32Array, classes: number): this {
    checkMatrix(x, n, d);
    checkLabels(y, n, classes);
    this.d = d;
    this.classes = classes;
    this.feature = [];
    this.threshold = [];
    this.left = [];
    this.right = [];
    this.values = [];
    // sorted[f * n + p]: the p-th row of the current node segment ordered by feature f
    const sorted = new Int32Array(d * n);
    for (let f = 0; f < d; f++) {
      const order = Int32Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => x[a * d + f]! - x[b * d + f]! || a - b,
      );
      sorted.set(order, f * n);
    }
    const goesLeft = new Uint8Array(n);
    const buffer = new Int32Array(n);
    const counts = new Float64Array(classes);
    const build = (start: number, end: number, depth: number): number => {
      const node = this.feature.length;
      this.feature.push(-1);
      this.threshold.push(0);
      this.left.push(-1);
      this.right.push(-1);
      counts.fill(0);
      for (let p = start; p < end; p++) counts[y[sorted[p]!]!]!++;
      const size = end - start;
      for (let c = 0; c < classes; c++) this.values.push(counts[c]! / size);
      const pure = counts.some((c) => c === size);
      const { maxDepth, minSamplesLeaf, minSamplesSplit } = this.params;
      if (pure || depth >= maxDepth || size < minSamplesSplit || size < 2 * minSamplesLeaf)
        return node;
      const split = this.bestSplit(x, y, sorted, start, end, counts);
      if (!split) return node;
      for (let p = start; p < end; p++) {
        const row = sorted[p]!;
        goesLeft[row] = x[row * d + split.feature]! <= split.threshold ? 1 : 0;
      }
      let mid = start;
      for (let f = 0; f < d; f++) {
        // stable partition of this feature's segment: left rows first, order kept
        const o = f * n;
        let l = o + start;
        let r = 0;
        for (let p = o + start; p < o + end; p++) {
          const row = sorted[p]!;
          if (goesLeft[row]) sorted[l++] = row;
          else buffer[r++] = row;
        }
        sorted.set(buffer.subarray(0, r), l);
        mid = l - o;
      }
      this.feature[node] = split.feature;
      this.threshold[node] = split.threshold;
      this.left[node] = build(start, mid, depth + 1);
      this.right[node] = build(mid, end, depth + 1);
      return node;
    };
    build(0, n, 0);
    return this;
  }

  private bestSplit(
    x: Float32Array,
    y: Int32Array,
    sorted: Int32Array,
    start: number,
    end: number,
    counts: Float64Array,
  ): Split | null {
    const { d, classes } = this;
    const n = y.length;
    const size = end - start;
    const minLeaf = this.params.minSamplesLeaf;
    const leftCounts = new Float64Array(classes);
    const rightCounts = new Float64Array(classes);
    let best: Split | null = null;
    let totalSq = 0;
    for (let c = 0; c < classes; c++) totalSq += counts[c]! * counts[c]!;
    const parentScore = totalSq / size;
    for (let f = 0; f < d; f++) {
      const o = f * n;
      leftCounts.fill(0);
      rightCounts.set(counts);
      let sqL = 0;
      let sqR = totalSq;
      for (let p = start; p < end - 1; p++) {
        const row = sorted[o + p]!;
        const c = y[row]!;
        sqL += 2 * leftCounts[c]! + 1;
        leftCounts[c]!++;
        sqR -= 2 * rightCounts[c]! - 1;
        rightCounts[c]!--;
        const nL = p - start + 1;
        const nR = size - nL;
        if (nL < minLeaf || nR < minLeaf) continue;
        const v = x[row * d + f]!;
        const next = x[sorted[o + p + 1]! * d + f]!;
        if (next <= v) continue; // split only between distinct values
        const score = sqL / nL + sqR / nR;
        if (score > parentScore + 1e-12 * size && (!best || score > best.score + 1e-12 * size)) {
          let threshold = (v + next) / 2;
          if (!(threshold < next)) threshold = v; // rounding: keep `next` on the right
          best = { feature: f, threshold, score };
        }
      }
    }
    return best;
  }

  predictProba(x: Float32Array, n: number): Float32Array {
    if (!this.feature.length)
      throw new LearnerError(LearnerErrorCode.NotFitted, 'decision-tree: predictProba before fit');
    const { d, classes: K } = this;
    checkMatrix(x, n, d);
    const out = new Float32Array(n * K);
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (this.feature[node]! >= 0)
        node =
          x[i * d + this.feature[node]!]! <= this.threshold[node]!
            ? this.left[node]!
            : this.right[node]!;
      for (let c = 0; c < K; c++) out[i * K + c] = this.values[node * K + c]!;
    }
    return out;
  }

  /** (feature, threshold) of the root split, or null for a single leaf; for inspection. */
  rootSplit(): { feature: number; threshold: number } | null {
    if (!this.feature.length || this.feature[0]! < 0) return null;
    return { feature: this.feature[0]!, threshold: this.threshold[0]! };
  }
}
