import type { Classifier } from './classifier.js';
import { LearnerError, LearnerErrorCode } from './learner-error.js';
import { lbfgs } from './lbfgs.js';
import {
  type LogisticRegressionParams,
  logisticRegressionParamsSchema,
  parseParams,
} from './params.js';
import { checkLabels, checkMatrix } from './validate.js';

/**
 * Logistic regression with L2 (the default active learner, as in refinery), fitted by L-BFGS on
 * the mean cross-entropy + ‖W‖² / (2·C·n) — the optimum of scikit-learn's `LogisticRegression(C)`
 * (intercepts not penalised): one weight vector with the sigmoid for two classes (scikit-learn's
 * binary loss), softmax over one weight vector per class for more. Plain Float32/Float64 loops,
 * one pass over X per objective evaluation.
 */
export class LogisticRegression implements Classifier {
  readonly name = 'logistic-regression';
  readonly params: LogisticRegressionParams;
  private weights: Float64Array | null = null; // classes × (d + 1), last column the intercept
  private d = 0;
  private classes = 0;
  /** L-BFGS iterations of the last fit */
  iterations = 0;

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    this.params = parseParams('logistic-regression', logisticRegressionParamsSchema, params);
  }

  fit(x: Float32Array, n: number, d: number, y: Int32Array, classes: number): this {
    checkMatrix(x, n, d);
    checkLabels(y, n, classes);
    const rows = classes === 2 ? 1 : classes; // weight vectors
    const stride = d + 1;
    const { mean, scale } = this.params.standardize
      ? moments(x, n, d)
      : { mean: new Float64Array(d), scale: new Float64Array(d).fill(1) };
    if (this.params.standardize) {
      const z = new Float32Array(n * d);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) z[i * d + j] = (x[i * d + j]! - mean[j]!) / scale[j]!;
      x = z;
    }
    const penalty = 1 / (this.params.C * n);
    const objective =
      classes === 2 ? binaryObjective(x, n, d, y) : softmaxObjective(x, n, d, y, classes);
    const withPenalty = (w: Float64Array, grad: Float64Array): number => {
      const loss = objective(w, grad);
      let reg = 0;
      for (let c = 0; c < rows; c++) {
        const wo = c * stride;
        for (let j = 0; j < d; j++) {
          const v = w[wo + j]!;
          reg += v * v;
          grad[wo + j] = grad[wo + j]! / n + penalty * v;
        }
        grad[wo + d] = grad[wo + d]! / n;
      }
      return loss / n + 0.5 * penalty * reg;
    };
    const result = lbfgs(withPenalty, new Float64Array(rows * stride), {
      maxIter: this.params.maxIter,
      gtol: this.params.tol,
    });
    // fold the standardisation into the weights: w·(x − m)/s + b = (w/s)·x + (b − Σ w·m/s)
    const w = result.x;
    for (let c = 0; c < rows; c++) {
      const wo = c * stride;
      for (let j = 0; j < d; j++) {
        w[wo + j] = w[wo + j]! / scale[j]!;
        w[wo + d]! -= w[wo + j]! * mean[j]!;
      }
    }
    this.weights = w;
    this.iterations = result.iterations;
    this.d = d;
    this.classes = classes;
    return this;
  }

  predictProba(x: Float32Array, n: number): Float32Array {
    const w = this.weights;
    if (!w)
      throw new LearnerError(
        LearnerErrorCode.NotFitted,
        'logistic-regression: predictProba before fit',
      );
    const { d, classes: K } = this;
    checkMatrix(x, n, d);
    const out = new Float32Array(n * K);
    if (K === 2) {
      for (let i = 0; i < n; i++) {
        const xo = i * d;
        let z = w[d]!;
        for (let j = 0; j < d; j++) z += w[j]! * x[xo + j]!;
        const p = 1 / (1 + Math.exp(-z));
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    const stride = d + 1;
    const logits = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        const wo = c * stride;
        let z = w[wo + d]!;
        for (let j = 0; j < d; j++) z += w[wo + j]! * x[xo + j]!;
        logits[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += logits[c] = Math.exp(logits[c]! - max);
      for (let c = 0; c < K; c++) out[i * K + c] = logits[c]! / sum;
    }
    return out;
  }

  /** Weights (classes × d; one row for two classes: the log-odds of class 1) and intercepts. */
  coefficients(): { weights: Float64Array; intercepts: Float64Array } {
    const w = this.weights;
    if (!w)
      throw new LearnerError(
        LearnerErrorCode.NotFitted,
        'logistic-regression: coefficients before fit',
      );
    const { d } = this;
    const K = this.classes === 2 ? 1 : this.classes;
    const weights = new Float64Array(K * d);
    const intercepts = new Float64Array(K);
    for (let c = 0; c < K; c++) {
      weights.set(w.subarray(c * (d + 1), c * (d + 1) + d), c * d);
      intercepts[c] = w[c * (d + 1) + d]!;
    }
    return { weights, intercepts };
  }
}

/** Summed binary cross-entropy over rows (unpenalised); gradient summed into `grad`. */
function binaryObjective(
  x: Float32Array,
  n: number,
  d: number,
  y: Int32Array,
): (w: Float64Array, grad: Float64Array) => number {
  return (w, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * x[xo + j]!;
      // log(1 + e^z) − y·z, computed stably
      loss +=
        (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (y[i] === 1 ? z : 0);
      const g = 1 / (1 + Math.exp(-z)) - (y[i] === 1 ? 1 : 0);
      for (let j = 0; j < d; j++) grad[j]! += g * x[xo + j]!;
      grad[d]! += g;
    }
    return loss;
  };
}

/** Summed softmax cross-entropy over rows (unpenalised); gradient summed into `grad`. */
function softmaxObjective(
  x: Float32Array,
  n: number,
  d: number,
  y: Int32Array,
  K: number,
): (w: Float64Array, grad: Float64Array) => number {
  const stride = d + 1;
  const logits = new Float64Array(K);
  return (w, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        const wo = c * stride;
        let z = w[wo + d]!;
        for (let j = 0; j < d; j++) z += w[wo + j]! * x[xo + j]!;
        logits[c] = z;
        if (z > max) max = z;
      }
      const yi = y[i]!;
      const zy = logits[yi]!;
      let sum = 0;
      for (let c = 0; c < K; c++) sum += logits[c] = Math.exp(logits[c]! - max);
      loss += Math.log(sum) - (zy - max);
      for (let c = 0; c < K; c++) {
        const g = logits[c]! / sum - (c === yi ? 1 : 0);
        const wo = c * stride;
        for (let j = 0; j < d; j++) grad[wo + j]! += g * x[xo + j]!;
        grad[wo + d]! += g;
      }
    }
    return loss;
  };
}

/** Per-column mean and standard deviation (1 for a constant column, so it stays 0 after scaling). */
function moments(
  x: Float32Array,
  n: number,
  d: number,
): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]! - mean[j]!;
      scale[j]! += v * v;
    }
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j]! / n);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}
