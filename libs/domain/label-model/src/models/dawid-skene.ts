import { type LabelMatrix, referenceArray } from '../matrix.js';
import { classPrior, writePriorRow } from './prior.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';

export interface DawidSkeneOptions {
  readonly maxIterations?: number;
  /** Stop when the mean absolute change of the posteriors falls below this. */
  readonly tolerance?: number;
  /** Dirichlet pseudo-count added on the diagonal of each confusion row (vote = truth). */
  readonly diagonalPrior?: number;
  /** Dirichlet pseudo-count added to every cell of each confusion row. */
  readonly smoothing?: number;
  /** Dirichlet pseudo-count of the class prior. */
  readonly classPriorSmoothing?: number;
}

/**
 * Dawid–Skene EM: per heuristic a confusion matrix θ_h[y][v] = P(vote v | truth y, h votes),
 * a class prior π, posteriors q_i(y) ∝ π_y Π_{votes} θ_h[y][v]^confidence. Abstentions are not
 * modelled (classic DS on observed votes). Dirichlet smoothing (diagonalPrior, smoothing);
 * initialised with vote shares; reference labels, when given, are clamped to one-hot posteriors
 * (semi-supervised DS). Records without votes get π's most likely class.
 */
export class DawidSkene implements LabelModel {
  readonly name = 'dawid-skene';
  private readonly o: Required<DawidSkeneOptions>;
  private fitted: { nHeuristics: number; nClasses: number; logPrior: Float64Array; logTheta: Float64Array; prior: Float64Array } | null = null;
  iterations = 0;

  constructor(options: DawidSkeneOptions = {}) {
    this.o = {
      maxIterations: options.maxIterations ?? 50,
      tolerance: options.tolerance ?? 1e-5,
      diagonalPrior: options.diagonalPrior ?? 2,
      smoothing: options.smoothing ?? 0.1,
      classPriorSmoothing: options.classPriorSmoothing ?? 1,
    };
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    const { nRecords: n, nHeuristics: m, nClasses: K, indptr, heuristic, vote, confidence } = matrix;
    const ref = referenceArray(options.reference, n, K);
    const q = new Float64Array(n * K);
    // init: vote shares (prior for no-vote records), clamped references
    const prior0 = classPrior(matrix, options.reference);
    for (let i = 0; i < n; i++) {
      if (ref[i]! >= 0) {
        q[i * K + ref[i]!] = 1;
        continue;
      }
      const a = indptr[i]!;
      const b = indptr[i + 1]!;
      if (a === b) {
        for (let c = 0; c < K; c++) q[i * K + c] = prior0[c]!;
        continue;
      }
      let s = 0;
      for (let k = a; k < b; k++) {
        const w = confidence ? confidence[k]! : 1;
        q[i * K + vote[k]!]! += w;
        s += w;
      }
      for (let c = 0; c < K; c++) q[i * K + c] = s > 0 ? q[i * K + c]! / s : 1 / K;
    }
    const counts = new Float64Array(m * K * K);
    const logTheta = new Float64Array(m * K * K);
    const logPrior = new Float64Array(K);
    const prior = new Float64Array(K);
    const row = new Float64Array(K);
    this.iterations = 0;
    for (let it = 0; it < this.o.maxIterations; it++) {
      this.iterations = it + 1;
      // M-step
      counts.fill(0);
      prior.fill(this.o.classPriorSmoothing);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < K; c++) prior[c]! += q[i * K + c]!;
        for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
          const base = heuristic[k]! * K * K;
          const v = vote[k]!;
          const w = confidence ? confidence[k]! : 1;
          for (let y = 0; y < K; y++) counts[base + y * K + v]! += w * q[i * K + y]!;
        }
      }
      let ps = 0;
      for (let c = 0; c < K; c++) ps += prior[c]!;
      for (let c = 0; c < K; c++) logPrior[c] = Math.log(prior[c]! / ps);
      for (let h = 0; h < m; h++) {
        for (let y = 0; y < K; y++) {
          const base = h * K * K + y * K;
          let s = 0;
          for (let v = 0; v < K; v++) s += counts[base + v]! + this.o.smoothing + (v === y ? this.o.diagonalPrior : 0);
          for (let v = 0; v < K; v++)
            logTheta[base + v] = Math.log((counts[base + v]! + this.o.smoothing + (v === y ? this.o.diagonalPrior : 0)) / s);
        }
      }
      // E-step
      let change = 0;
      for (let i = 0; i < n; i++) {
        if (ref[i]! >= 0) continue;
        this.posterior(matrix, i, logPrior, logTheta, row);
        for (let c = 0; c < K; c++) {
          change += Math.abs(row[c]! - q[i * K + c]!);
          q[i * K + c] = row[c]!;
        }
      }
      if (change / Math.max(1, n) < this.o.tolerance) break;
    }
    const p = new Float64Array(K);
    for (let c = 0; c < K; c++) p[c] = Math.exp(logPrior[c]!);
    this.fitted = { nHeuristics: m, nClasses: K, logPrior, logTheta, prior: p };
    return this;
  }

  private posterior(matrix: LabelMatrix, i: number, logPrior: Float64Array, logTheta: Float64Array, row: Float64Array): void {
    const K = matrix.nClasses;
    for (let y = 0; y < K; y++) row[y] = logPrior[y]!;
    for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) {
      const base = matrix.heuristic[k]! * K * K;
      const v = matrix.vote[k]!;
      const w = matrix.confidence ? matrix.confidence[k]! : 1;
      for (let y = 0; y < K; y++) row[y]! += w * logTheta[base + y * K + v]!;
    }
    let mx = -Infinity;
    for (let y = 0; y < K; y++) if (row[y]! > mx) mx = row[y]!;
    let s = 0;
    for (let y = 0; y < K; y++) {
      row[y] = Math.exp(row[y]! - mx);
      s += row[y]!;
    }
    for (let y = 0; y < K; y++) row[y]! /= s;
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const { logPrior, logTheta, prior } = this.fitted!;
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const row = new Float64Array(K);
    for (let i = 0; i < matrix.nRecords; i++) {
      if (matrix.indptr[i] === matrix.indptr[i + 1]) {
        const r = writePriorRow(prior, out.probabilities, i);
        out.labels[i] = r.label;
        out.confidence[i] = r.confidence;
        continue;
      }
      this.posterior(matrix, i, logPrior, logTheta, row);
      let best = 0;
      for (let c = 0; c < K; c++) {
        out.probabilities[i * K + c] = row[c]!;
        if (row[c]! > row[best]!) best = c;
      }
      out.labels[i] = best;
      out.confidence[i] = row[best]!;
    }
    return out;
  }
}
