import { type LabelMatrix, referenceArray } from '../matrix.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';

export interface DawidSkeneOptions {
  readonly maxIterations?: number;
  /** Stop when the mean absolute change of the posteriors (summed over classes) falls below this. */
  readonly tolerance?: number;
  /**
   * Pseudo-records of the Dirichlet prior of each confusion row θ_h[y][·]. The prior mean is neutral
   * about firing (h fires with its overall coverage whatever the class) and votes the true class with
   * `priorAccuracy`. Default 2.
   */
  readonly priorStrength?: number;
  /** Prior mean of P(vote = truth | h fires). Default 0.7. */
  readonly priorAccuracy?: number;
  /** Dirichlet pseudo-count of the class prior. Default 1. */
  readonly classPriorSmoothing?: number;
}

/** Fitted Dawid–Skene parameters: log π_y and log θ_h[y][o] for o ∈ {0..K−1, abstain = K}. */
export interface DawidSkeneParameters {
  readonly nHeuristics: number;
  readonly nClasses: number;
  /** log π_y, length K. */
  readonly logPrior: Float64Array;
  /** log θ_h[y][o], index (h·K + y)·(K+1) + o; o = K is "abstains". */
  readonly logTheta: Float64Array;
  /** EM iterations run. */
  readonly iterations: number;
}

/**
 * Dawid–Skene EM with abstentions as an observed outcome: per heuristic h a confusion matrix
 * θ_h[y][o] = P(h outputs o | truth y) over o ∈ {class 0..K−1, abstain}, a class prior π, and
 * q_i(y) ∝ π_y Π_h θ_h[y][o_ih]. Modelling abstention matters: a heuristic that only ever votes one
 * class has confusion rows that carry no information over the observed votes alone (classic DS on
 * votes collapses to the majority class on WRENCH), while P(fires | y) separates the classes.
 *
 * Votes are categorical observations; their confidences are not used (a thresholded learner's
 * confidence already decides whether it fires, and its abstentions are modelled).
 * The product over all m heuristics is computed sparsely: log q_i(y) = b_y + Σ_{votes} (log θ_h[y][v]
 * − log θ_h[y][abstain]) with b_y = log π_y + Σ_h log θ_h[y][abstain], so an iteration is O((nnz + m)·K).
 *
 * Init: majority-vote shares (records without votes: uniform). Dirichlet smoothing
 * (diagonalPrior, smoothing, classPriorSmoothing) keeps every θ > 0. Reference labels, when given, are
 * clamped to one-hot posteriors (semi-supervised DS); for a heuristic h and a record in
 * `excludeFromSupport[h]` (h was trained on it) h's counts use that record's unclamped posterior instead.
 * `predict` returns the posterior of every record (no votes: the all-abstain posterior).
 */
export class DawidSkene implements LabelModel {
  readonly name = 'dawid-skene';
  private readonly o: Required<DawidSkeneOptions>;
  private fitted: DawidSkeneParameters | null = null;
  /** Posteriors of the fitted records under the final parameters (reused when predicting the same matrix). */
  private lastFit: { matrix: LabelMatrix; posteriors: Float64Array } | null = null;

  constructor(options: DawidSkeneOptions = {}) {
    this.o = {
      maxIterations: options.maxIterations ?? 100,
      tolerance: options.tolerance ?? 1e-3,
      priorStrength: options.priorStrength ?? 2,
      priorAccuracy: options.priorAccuracy ?? 0.7,
      classPriorSmoothing: options.classPriorSmoothing ?? 1,
    };
    if (!(this.o.priorStrength > 0) || !(this.o.classPriorSmoothing > 0))
      throw new RangeError('dawid-skene: priorStrength and classPriorSmoothing must be > 0');
    if (!(this.o.priorAccuracy > 0 && this.o.priorAccuracy < 1)) throw new RangeError('dawid-skene: priorAccuracy must be in (0, 1)');
    if (!(this.o.maxIterations >= 1)) throw new RangeError('dawid-skene: maxIterations must be >= 1');
  }

  /** Fitted parameters (null before fit). */
  get parameters(): DawidSkeneParameters | null {
    return this.fitted;
  }

  /** EM iterations of the last fit. */
  get iterations(): number {
    return this.fitted?.iterations ?? 0;
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    const { nRecords: n, nHeuristics: m, nClasses: K, indptr, heuristic, vote } = matrix;
    const V = K + 1;
    const ref = referenceArray(options.reference, n, K);
    const exclude = options.excludeFromSupport ?? [];
    const q = initialPosteriors(matrix);
    // unclamped posteriors of reference records (used for heuristics excluded from their support)
    const refRecords: number[] = [];
    for (let i = 0; i < n; i++) if (ref[i]! >= 0) refRecords.push(i);
    const free = new Map<number, Float64Array>(refRecords.map((i) => [i, q.slice(i * K, i * K + K)]));
    for (const i of refRecords) for (let c = 0; c < K; c++) q[i * K + c] = c === ref[i] ? 1 : 0;
    // per heuristic the reference records whose counts use the free posterior
    const excluded: number[][] = Array.from({ length: m }, (_, h) => refRecords.filter((i) => exclude[h]?.has(i) === true));

    const counts = new Float64Array(m * K * V);
    const logTheta = new Float64Array(m * K * V);
    const logPrior = new Float64Array(K);
    const mass = new Float64Array(K);
    const params: DawidSkeneParameters & { iterations: number } = { nHeuristics: m, nClasses: K, logPrior, logTheta, iterations: 0 };
    accumulateCounts(matrix, q, counts, mass);
    const pseudo = this.pseudoCounts(n, m, K, counts);
    for (let it = 1; it <= this.o.maxIterations; it++) {
      params.iterations = it;
      // M-step from the expected counts of the current posteriors. Reference records excluded from a
      // heuristic's support count with their free (unclamped) posterior for that heuristic.
      for (const i of refRecords)
        for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
          const h = heuristic[k]!;
          if (exclude[h]?.has(i) !== true) continue;
          const own = free.get(i)!;
          const cell = h * K * V + vote[k]!;
          for (let y = 0; y < K; y++) counts[cell + y * V]! += own[y]! - q[i * K + y]!;
        }
      for (let h = 0; h < m; h++)
        for (let y = 0; y < K; y++) {
          const base = (h * K + y) * V;
          let total = mass[y]!; // h's own view of the class mass
          for (const i of excluded[h]!) total += free.get(i)![y]! - q[i * K + y]!;
          let voted = 0;
          for (let v = 0; v < K; v++) voted += counts[base + v]!;
          counts[base + K] = Math.max(0, total - voted);
          let s = 0;
          for (let o = 0; o < V; o++) s += counts[base + o]! + pseudo[base + o]!;
          for (let o = 0; o < V; o++) logTheta[base + o] = Math.log((counts[base + o]! + pseudo[base + o]!) / s);
        }
      let ps = 0;
      for (let y = 0; y < K; y++) ps += mass[y]! + this.o.classPriorSmoothing;
      for (let y = 0; y < K; y++) logPrior[y] = Math.log((mass[y]! + this.o.classPriorSmoothing) / ps);
      // E-step fused with the next iteration's counts (one pass over the votes per iteration)
      const change = expectationPass(dawidSkeneTables(params), matrix, ref, q, free, counts, mass);
      if (change / Math.max(1, n) < this.o.tolerance) break;
    }
    this.fitted = params;
    // the last E-step ran under the final parameters: its posteriors are predict(matrix)'s (refs: free)
    for (const [i, row] of free) q.set(row, i * K);
    this.lastFit = { matrix, posteriors: q };
    return this;
  }

  /**
   * Dirichlet pseudo-counts per (h, y, outcome): strength × (1 − cov_h) on abstain, strength × cov_h ×
   * priorAccuracy on the true class, the rest of cov_h spread over the other classes, with cov_h the
   * (Beta(1,1)-smoothed) fraction of records h fires on. A class that holds no mass yet thus predicts the
   * heuristic's usual firing rate instead of "always fires", which would make it unreachable.
   */
  private pseudoCounts(n: number, m: number, K: number, initialCounts: Float64Array): Float64Array {
    const V = K + 1;
    // posteriors sum to 1 per record, so the initial expected counts of h sum to its number of votes
    const fires = new Float64Array(m);
    for (let h = 0; h < m; h++) for (let y = 0; y < K; y++) for (let v = 0; v < K; v++) fires[h]! += initialCounts[(h * K + y) * V + v]!;
    const s = this.o.priorStrength;
    const a = K > 1 ? this.o.priorAccuracy : 1;
    const out = new Float64Array(m * K * V);
    for (let h = 0; h < m; h++) {
      const cov = (fires[h]! + 1) / (n + 2);
      for (let y = 0; y < K; y++)
        for (let o = 0; o < V; o++) out[(h * K + y) * V + o] = s * (o === K ? 1 - cov : o === y ? cov * a : (cov * (1 - a)) / (K - 1));
    }
    return out;
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const params = this.fitted!;
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const tables = dawidSkeneTables(params);
    const row = new Float64Array(K);
    const cached = this.lastFit?.matrix === matrix ? this.lastFit.posteriors : null;
    for (let i = 0; i < matrix.nRecords; i++) {
      if (cached) for (let y = 0; y < K; y++) row[y] = cached[i * K + y]!;
      else dawidSkenePosterior(tables, matrix, i, row);
      let best = 0;
      for (let y = 0; y < K; y++) {
        out.probabilities[i * K + y] = row[y]!;
        if (row[y]! > row[best]!) best = y;
      }
      out.labels[i] = best;
      out.confidence[i] = row[best]!;
    }
    return out;
  }
}

/**
 * Log-space tables for fast posteriors: `base[y]` = log π_y + Σ_h log θ_h[y][abstain] (every heuristic
 * abstains) and `delta[(h·K + v)·K + y]` = log θ_h[y][v] − log θ_h[y][abstain] (what a vote v of h changes).
 */
export interface DawidSkeneTables {
  readonly base: Float64Array;
  readonly delta: Float64Array;
  readonly params: DawidSkeneParameters;
}

export function dawidSkeneTables(p: DawidSkeneParameters): DawidSkeneTables {
  const K = p.nClasses;
  const V = K + 1;
  const base = Float64Array.from(p.logPrior);
  const delta = new Float64Array(p.nHeuristics * K * K);
  for (let h = 0; h < p.nHeuristics; h++)
    for (let y = 0; y < K; y++) {
      const abstain = p.logTheta[(h * K + y) * V + K]!;
      base[y]! += abstain;
      for (let v = 0; v < K; v++) delta[(h * K + v) * K + y] = p.logTheta[(h * K + y) * V + v]! - abstain;
    }
  return { base, delta, params: p };
}

/**
 * Posterior q_i(y) of record i into `row`. `ignore(h)` marginalises heuristic h out (neither its vote
 * nor its abstention counts), e.g. an active learner on its own training record.
 */
export function dawidSkenePosterior(t: DawidSkeneTables, matrix: LabelMatrix, i: number, row: Float64Array, ignore?: (h: number) => boolean): void {
  const p = t.params;
  const K = p.nClasses;
  const V = K + 1;
  for (let y = 0; y < K; y++) row[y] = t.base[y]!;
  if (ignore) for (let h = 0; h < p.nHeuristics; h++) if (ignore(h)) for (let y = 0; y < K; y++) row[y]! -= p.logTheta[(h * K + y) * V + K]!;
  for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) {
    const h = matrix.heuristic[k]!;
    if (ignore?.(h)) continue;
    const off = (h * K + matrix.vote[k]!) * K;
    for (let y = 0; y < K; y++) row[y]! += t.delta[off + y]!;
  }
  softmaxInPlace(row);
}

function softmaxInPlace(row: Float64Array): void {
  let mx = -Infinity;
  for (let y = 0; y < row.length; y++) if (row[y]! > mx) mx = row[y]!;
  let s = 0;
  for (let y = 0; y < row.length; y++) {
    row[y] = Math.exp(row[y]! - mx);
    s += row[y]!;
  }
  for (let y = 0; y < row.length; y++) row[y]! /= s;
}

/**
 * E-step over all records: new posteriors into `q` (reference records stay clamped, their free posterior
 * goes to `free`), the expected counts of the new posteriors into `counts` / `mass`. Returns Σ |Δq|.
 */
function expectationPass(
  t: DawidSkeneTables,
  matrix: LabelMatrix,
  ref: Int32Array,
  q: Float64Array,
  free: Map<number, Float64Array>,
  counts: Float64Array,
  mass: Float64Array,
): number {
  const { nRecords: n, nClasses: K, indptr, heuristic, vote } = matrix;
  const V = K + 1;
  const row = new Float64Array(K);
  const { base, delta } = t;
  counts.fill(0);
  mass.fill(0);
  let change = 0;
  for (let i = 0; i < n; i++) {
    const a0 = indptr[i]!;
    const b0 = indptr[i + 1]!;
    // posterior (inlined dawidSkenePosterior: this loop dominates the fit)
    for (let y = 0; y < K; y++) row[y] = base[y]!;
    for (let k = a0; k < b0; k++) {
      const off = (heuristic[k]! * K + vote[k]!) * K;
      for (let y = 0; y < K; y++) row[y]! += delta[off + y]!;
    }
    softmaxInPlace(row);
    const qi = i * K;
    if (ref[i]! >= 0) free.get(i)!.set(row);
    else
      for (let y = 0; y < K; y++) {
        change += Math.abs(row[y]! - q[qi + y]!);
        q[qi + y] = row[y]!;
      }
    for (let y = 0; y < K; y++) mass[y]! += q[qi + y]!;
    for (let k = a0; k < b0; k++) {
      const cell = heuristic[k]! * K * V + vote[k]!;
      for (let y = 0; y < K; y++) counts[cell + y * V]! += q[qi + y]!;
    }
  }
  return change;
}

/** Expected vote counts per (h, y, v) into `counts` (index (h·K + y)·(K+1) + v) and the class mass Σ_i q_i(y). */
function accumulateCounts(matrix: LabelMatrix, q: Float64Array, counts: Float64Array, mass: Float64Array): void {
  const { nRecords: n, nClasses: K, indptr, heuristic, vote } = matrix;
  const V = K + 1;
  counts.fill(0);
  mass.fill(0);
  for (let i = 0; i < n; i++) {
    const qi = i * K;
    for (let y = 0; y < K; y++) mass[y]! += q[qi + y]!;
    const end = indptr[i + 1]!;
    for (let k = indptr[i]!; k < end; k++) {
      const cell = heuristic[k]! * K * V + vote[k]!;
      for (let y = 0; y < K; y++) counts[cell + y * V]! += q[qi + y]!;
    }
  }
}

/**
 * Majority-vote shares per record; records without votes start uniform. (Starting them at the vote-share
 * balance would bias the first M-step: heuristics that fire often pull the silent records into their
 * class and EM can settle there.)
 */
function initialPosteriors(matrix: LabelMatrix): Float64Array {
  const { nRecords: n, nClasses: K, indptr, vote } = matrix;
  const q = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    for (let k = a; k < b; k++) q[i * K + vote[k]!]! += 1 / (b - a);
    if (a === b) for (let y = 0; y < K; y++) q[i * K + y] = 1 / K;
  }
  return q;
}
