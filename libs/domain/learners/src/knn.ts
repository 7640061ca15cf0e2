import type { Classifier } from './classifier.js';
import { LearnerError, LearnerErrorCode } from './learner-error.js';
import { type KnnParams, knnParamsSchema, parseParams } from './params.js';
import { checkLabels, checkMatrix } from './validate.js';

/**
 * k-nearest-neighbour vote (exact scan of the training rows). Probabilities are the share of the
 * k neighbours' votes per class (`distance` weights: 1 / distance; neighbours at distance 0 take
 * the whole vote, as in scikit-learn). Ties in distance go to the lower training row. Cost per
 * prediction is n_train × d, so it suits small labelled sets; logistic regression is the fast
 * default.
 */
export class KNearestNeighbors implements Classifier {
  readonly name = 'knn';
  readonly params: KnnParams;
  private train: Float32Array | null = null;
  private sqNorms = new Float64Array(0);
  private labels = new Int32Array(0);
  private n = 0;
  private d = 0;
  private classes = 0;

  constructor(params: Partial<KnnParams> = {}) {
    this.params = parseParams('knn', knnParamsSchema, params);
  }

  fit(x: Float32Array, n: number, d: number, y: Int32Array, classes: number): this {
    checkMatrix(x, n, d);
    checkLabels(y, n, classes);
    this.train = this.params.metric === 'cosine' ? normalizedRows(x, n, d) : Float32Array.from(x);
    this.sqNorms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += this.train[i * d + j]! * this.train[i * d + j]!;
      this.sqNorms[i] = s;
    }
    this.labels = Int32Array.from(y);
    this.n = n;
    this.d = d;
    this.classes = classes;
    return this;
  }

  predictProba(x: Float32Array, n: number): Float32Array {
    const train = this.train;
    if (!train) throw new LearnerError(LearnerErrorCode.NotFitted, 'knn: predictProba before fit');
    const { d, classes: K, n: nTrain } = this;
    checkMatrix(x, n, d);
    const queries = this.params.metric === 'cosine' ? normalizedRows(x, n, d) : x;
    const k = Math.min(this.params.k, nTrain);
    const cosine = this.params.metric === 'cosine';
    const sqNorms = this.sqNorms;
    const bestDist = new Float64Array(k);
    const bestRow = new Int32Array(k);
    const out = new Float32Array(n * K);
    const votes = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const qo = i * d;
      let qq = 0;
      for (let j = 0; j < d; j++) qq += queries[qo + j]! * queries[qo + j]!;
      let filled = 0;
      for (let t = 0; t < nTrain; t++) {
        const to = t * d;
        let ip = 0;
        for (let j = 0; j < d; j++) ip += queries[qo + j]! * train[to + j]!;
        const dist = cosine
          ? qq === 0 || sqNorms[t] === 0
            ? 1
            : Math.max(0, 1 - ip)
          : Math.sqrt(Math.max(0, qq + sqNorms[t]! - 2 * ip));
        if (filled === k && dist >= bestDist[k - 1]!) continue;
        // insertion into the sorted k best (strict < keeps the earlier row on ties)
        let p = filled < k ? filled++ : k - 1;
        while (p > 0 && bestDist[p - 1]! > dist) {
          bestDist[p] = bestDist[p - 1]!;
          bestRow[p] = bestRow[p - 1]!;
          p--;
        }
        bestDist[p] = dist;
        bestRow[p] = t;
      }
      const exact = this.params.weights === 'distance' && bestDist[0] === 0;
      votes.fill(0);
      let total = 0;
      for (let p = 0; p < filled; p++) {
        if (exact && bestDist[p] !== 0) break;
        const w = this.params.weights === 'uniform' || exact ? 1 : 1 / bestDist[p]!;
        votes[this.labels[bestRow[p]!]!]! += w;
        total += w;
      }
      for (let c = 0; c < K; c++) out[i * K + c] = votes[c]! / total;
    }
    return out;
  }
}

function normalizedRows(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * x[i * d + j]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = x[i * d + j]! * inv;
  }
  return out;
}
