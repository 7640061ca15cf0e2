import { type LabelMatrix, referenceArray } from '../matrix.js';
import { referenceCounts, resolvePrecisionPrior } from '../statistics.js';
import { classPrior } from './prior.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';

export interface VoteArbitrationOptions {
  /** Beta prior strength (pseudo-records) of each (heuristic, label) precision; mean = pooled reference precision. Default 2. */
  readonly precisionPriorStrength?: number;
  /** Co-firing ratio P(b fires | a fires) from which a fires ⇒ b fires counts as an implication. Default 0.9. */
  readonly implicationThreshold?: number;
  /** Minimum coverage of the implying heuristic. Default 3. */
  readonly implicationMinSupport?: number;
  /** Skip the implication analysis above this many heuristics (memory m²). Default 4096. */
  readonly maxHeuristicsForImplications?: number;
  /** Adam steps of the discriminative refinement on reference conflicts. Default 0 (off: no gain on TREC/SemEval, loss on clickbait). */
  readonly refineSteps?: number;
  readonly learningRate?: number;
  /** Variance of the Gaussian prior that ties refined weights to the precision log-odds. Default 1. */
  readonly refineVariance?: number;
  /**
   * EM rounds of the agreement prior: the prior mean of each (heuristic, label) precision is its
   * mean leave-one-out posterior agreement with the other heuristics on unlabelled overlaps.
   * Default 0 (off: it lowered accuracy on all three benchmark cases; see README).
   */
  readonly agreementIterations?: number;
  /** Strength (pseudo-records) shrinking the agreement estimate towards the pooled precision. Default 2. */
  readonly agreementPriorStrength?: number;
  /** Add log π_y to the arbitration scores (default false: the prior only decides no-vote records and ties). */
  readonly priorInArbitration?: boolean;
}

interface Fitted {
  nHeuristics: number;
  nClasses: number;
  /** Reference counts behind `precision` (for exact leave-one-out): TP and support per (h, c), totals, prior strength. */
  tp: Float64Array;
  support: Float64Array;
  totalTp: number;
  totalSupport: number;
  priorStrength: number;
  /** Reference class of every fitted record (-1 = none) and reference counts per class (class prior). */
  ref: Int32Array;
  refClassCount: Float64Array;
  /** True when the weights are the precision log-odds (no refinement / agreement prior), so leave-one-out is exact. */
  countDerived: boolean;
  prior: Float64Array;
  logPrior: Float64Array;
  precision: Float64Array;
  weight: Float64Array;
  impStart: Int32Array;
  impFrom: Int32Array;
  impStrength: Float64Array;
}

/**
 * `vote-arbitration`: the reference-driven half of the default model `refinery-plus` (see there): a
 * calibrated arbitration among the voted classes that combines reference precision with the co-firing
 * (implication) structure of all records.
 *
 * 1. Precision per (heuristic h, label c): Beta posterior a_hc = (TP + s·μ) / (support + s), μ =
 *    pooled reference precision (0.8 without references), support honouring exclusions.
 * 2. Weight w_hc = log(a_hc (K−1) / (1 − a_hc)) (naive-Bayes log-odds of a one-coin model).
 * 3. Agreement structure: co-firing on all fitted records gives implications a ⇒ b when
 *    P(b fires | a fires) ≥ τ and a is the more specific (lower-coverage) heuristic. On a record
 *    where a fires and votes differently, b's vote is explained by a's firing (a generic
 *    pattern that fires anyway) and its weight is scaled by 1 − P(b | a).
 * 4. Discriminative refinement: w is tuned by maximum a posteriori conditional likelihood of the
 *    reference labels on conflicting records (softmax over the voted classes, Gaussian prior
 *    N(w⁰, σ²) around the log-odds).
 * 5. Prediction: the voted classes are the candidates; p(c | candidates) = softmax(Σ f·w);
 *    the probability ρ = 1 − Π_c (1 − max a_hc·conf) that the truth is among the candidates
 *    calibrates the vector: p(c) = ρ·softmax for candidates, (1 − ρ)·π for the others.
 *    Records without votes get the class prior (reference labels, else estimated class balance).
 */
export class VoteArbitration implements LabelModel {
  readonly name = 'vote-arbitration';
  private readonly o: Required<VoteArbitrationOptions>;
  private fitted: Fitted | null = null;

  constructor(options: VoteArbitrationOptions = {}) {
    this.o = {
      precisionPriorStrength: options.precisionPriorStrength ?? 2,
      implicationThreshold: options.implicationThreshold ?? 0.9,
      implicationMinSupport: options.implicationMinSupport ?? 3,
      maxHeuristicsForImplications: options.maxHeuristicsForImplications ?? 4096,
      refineSteps: options.refineSteps ?? 0,
      agreementIterations: options.agreementIterations ?? 0,
      agreementPriorStrength: options.agreementPriorStrength ?? 2,
      learningRate: options.learningRate ?? 0.05,
      refineVariance: options.refineVariance ?? 1,
      priorInArbitration: options.priorInArbitration ?? false,
    };
  }

  /** Fitted parameters (for inspection and tests). */
  get parameters(): Readonly<Fitted> | null {
    return this.fitted;
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    const { nRecords: n, nHeuristics: m, nClasses: K } = matrix;
    const ref = referenceArray(options.reference, n, K);
    const counts = referenceCounts(matrix, ref, options.excludeFromSupport);
    const pp = resolvePrecisionPrior(counts.totalTp, counts.totalSupport, { strength: this.o.precisionPriorStrength });
    const precision = new Float64Array(m * K);
    const mu = new Float64Array(m * K);
    for (let idx = 0; idx < m * K; idx++) {
      const a = (counts.tp[idx]! + pp.strength * pp.mean) / (counts.support[idx]! + pp.strength);
      precision[idx] = a;
      mu[idx] = logOdds(a, K);
    }
    const imp = this.implications(matrix);
    const hasRefs = counts.totalSupport > 0 || ref.some((r) => r >= 0);
    const refClassCount = new Float64Array(K);
    for (const r of ref) if (r >= 0) refClassCount[r]! += 1;
    const fitted: Fitted = {
      nHeuristics: m,
      nClasses: K,
      tp: counts.tp,
      support: counts.support,
      totalTp: counts.totalTp,
      totalSupport: counts.totalSupport,
      priorStrength: pp.strength,
      ref,
      refClassCount,
      countDerived: true,
      prior: classPrior(matrix, options.reference),
      logPrior: new Float64Array(K),
      precision,
      weight: mu.slice(),
      ...imp,
    };
    this.fitted = fitted;
    if (this.o.agreementIterations > 0) this.agreementPrior(matrix, ref, counts, pp, mu);
    if (this.o.refineSteps > 0 && hasRefs) this.refine(matrix, ref, mu, options.excludeFromSupport ?? []);
    fitted.countDerived = this.o.agreementIterations <= 0 && !(this.o.refineSteps > 0 && hasRefs);
    if (!ref.some((r) => r >= 0)) fitted.prior = this.estimateClassBalance(matrix);
    for (let c = 0; c < K; c++) fitted.logPrior[c] = Math.log(fitted.prior[c]!);
    return this;
  }

  /**
   * Implication lists per implied vote (b, c) (index b·K + c): implying heuristics a with
   * strength P(b votes c | a fires), kept when ≥ τ and a fires on fewer records than b votes c.
   */
  private implications(matrix: LabelMatrix): Pick<Fitted, 'impStart' | 'impFrom' | 'impStrength'> {
    const { nRecords: n, nHeuristics: m, nClasses: K, indptr, heuristic, vote } = matrix;
    const mk = m * K;
    const empty = { impStart: new Int32Array(mk + 1), impFrom: new Int32Array(0), impStrength: new Float64Array(0) };
    if (m < 2 || m > this.o.maxHeuristicsForImplications || m * mk > 5e7 || !(this.o.implicationThreshold <= 1)) return empty;
    const cov = new Float64Array(m); // records on which a fires
    const votes = new Float64Array(mk); // records on which b votes c
    const co = new Float64Array(m * mk); // a fires and b votes c
    let pairCost = 0;
    for (let i = 0; i < n; i++) {
      const d = indptr[i + 1]! - indptr[i]!;
      pairCost += d * d;
    }
    const words = Math.ceil(n / 32);
    if (pairCost <= m * mk * words) {
      for (let i = 0; i < n; i++) {
        const a0 = indptr[i]!;
        const b0 = indptr[i + 1]!;
        for (let k = a0; k < b0; k++) {
          const h = heuristic[k]!;
          cov[h]! += 1;
          votes[h * K + vote[k]!]! += 1;
          for (let l = a0; l < b0; l++) if (l !== k) co[h * mk + heuristic[l]! * K + vote[l]!]! += 1;
        }
      }
    } else {
      const fires = new Uint32Array(m * words);
      const votesBits = new Uint32Array(mk * words);
      for (let i = 0; i < n; i++)
        for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
          const h = heuristic[k]!;
          const bit = 1 << (i & 31);
          cov[h]! += 1;
          votes[h * K + vote[k]!]! += 1;
          fires[h * words + (i >>> 5)]! |= bit;
          votesBits[(h * K + vote[k]!) * words + (i >>> 5)]! |= bit;
        }
      for (let a = 0; a < m; a++)
        for (let u = 0; u < mk; u++) {
          if (Math.floor(u / K) === a || votes[u] === 0) continue;
          let s = 0;
          const oa = a * words;
          const ou = u * words;
          for (let w = 0; w < words; w++) s += popcount(fires[oa + w]! & votesBits[ou + w]!);
          co[a * mk + u] = s;
        }
    }
    const from: number[] = [];
    const strength: number[] = [];
    const start = new Int32Array(mk + 1);
    for (let u = 0; u < mk; u++) {
      const b = Math.floor(u / K);
      for (let a = 0; a < m && votes[u]! > 0; a++) {
        if (a === b || cov[a]! < this.o.implicationMinSupport) continue;
        if (!(cov[a]! < votes[u]! || (cov[a] === votes[u] && a < b))) continue;
        const r = co[a * mk + u]! / (cov[a]! + 1);
        if (r >= this.o.implicationThreshold) {
          from.push(a);
          strength.push(r);
        }
      }
      start[u + 1] = from.length;
    }
    return { impStart: start, impFrom: Int32Array.from(from), impStrength: Float64Array.from(strength) };
  }

  /**
   * Agreement structure → precision prior: for every vote on an unlabelled record with other votes,
   * the leave-one-out posterior q₋ₕ(c) ∝ exp(Σ other f·w) (uniform class prior) measures how much
   * the rest agrees; ã = (Σ q₋ₕ + s_a·μ) / (n + s_a) replaces μ as the Beta prior mean, then
   * a = (TP + s·ã) / (support + s). Iterated a few rounds (weights of the others updated).
   */
  private agreementPrior(
    matrix: LabelMatrix,
    ref: Int32Array,
    counts: { tp: Float64Array; support: Float64Array },
    pp: { mean: number; strength: number },
    mu: Float64Array,
  ): void {
    const f = this.fitted!;
    const K = matrix.nClasses;
    const size = f.weight.length;
    const agree = new Float64Array(size);
    const seen = new Float64Array(size);
    const firedVote = new Int32Array(matrix.nHeuristics).fill(-1);
    const factor = new Float64Array(maxDegree(matrix));
    const score = new Float64Array(K);
    const sa = this.o.agreementPriorStrength;
    for (let it = 0; it < this.o.agreementIterations; it++) {
      agree.fill(0);
      seen.fill(0);
      for (let i = 0; i < matrix.nRecords; i++) {
        const a0 = matrix.indptr[i]!;
        const b0 = matrix.indptr[i + 1]!;
        if (b0 - a0 < 2 || ref[i]! >= 0) continue;
        this.voteFactors(matrix, i, firedVote, factor);
        score.fill(0);
        for (let k = a0; k < b0; k++) {
          const c = matrix.vote[k]!;
          score[c]! += factor[k - a0]! * f.weight[matrix.heuristic[k]! * K + c]!;
        }
        for (let k = a0; k < b0; k++) {
          const c = matrix.vote[k]!;
          const idx = matrix.heuristic[k]! * K + c;
          const own = factor[k - a0]! * f.weight[idx]!;
          score[c]! -= own;
          let mx = -Infinity;
          for (let y = 0; y < K; y++) if (score[y]! > mx) mx = score[y]!;
          let s = 0;
          for (let y = 0; y < K; y++) s += Math.exp(score[y]! - mx);
          agree[idx]! += Math.exp(score[c]! - mx) / s;
          seen[idx]! += 1;
          score[c]! += own;
        }
      }
      for (let idx = 0; idx < size; idx++) {
        const prior = (agree[idx]! + sa * pp.mean) / (seen[idx]! + sa);
        const a = (counts.tp[idx]! + pp.strength * prior) / (counts.support[idx]! + pp.strength);
        f.precision[idx] = a;
        mu[idx] = logOdds(a, K);
        f.weight[idx] = mu[idx]!;
      }
    }
  }

  /**
   * Effective factor of each vote of record i (confidence × (1 − strongest conflicting implication)),
   * written to `factor[k - indptr[i]]`. `firedVote` (length m, filled with -1) is restored.
   */
  private voteFactors(matrix: LabelMatrix, i: number, firedVote: Int32Array, factor: Float64Array, ignore?: (h: number) => boolean): void {
    const f = this.fitted!;
    const a0 = matrix.indptr[i]!;
    const b0 = matrix.indptr[i + 1]!;
    for (let k = a0; k < b0; k++) if (!ignore?.(matrix.heuristic[k]!)) firedVote[matrix.heuristic[k]!] = matrix.vote[k]!;
    for (let k = a0; k < b0; k++) {
      const h = matrix.heuristic[k]!;
      const c = matrix.vote[k]!;
      let d = 0;
      const u = h * f.nClasses + c;
      for (let p = f.impStart[u]!; p < f.impStart[u + 1]!; p++) {
        const v = firedVote[f.impFrom[p]!]!;
        if (v >= 0 && v !== c && f.impStrength[p]! > d) d = f.impStrength[p]!;
      }
      factor[k - a0] = (matrix.confidence ? matrix.confidence[k]! : 1) * (1 - d);
    }
    for (let k = a0; k < b0; k++) firedVote[matrix.heuristic[k]!] = -1;
  }

  private refine(matrix: LabelMatrix, ref: Int32Array, mu: Float64Array, exclude: ReadonlyArray<ReadonlySet<number> | undefined>): void {
    const f = this.fitted!;
    const K = matrix.nClasses;
    const firedVote = new Int32Array(matrix.nHeuristics).fill(-1);
    const maxDeg = maxDegree(matrix);
    const factor = new Float64Array(maxDeg);
    // training examples: reference records with ≥ 2 voted classes including the reference class
    const exIdx: number[] = [];
    const exFactor: number[] = [];
    const exClass: number[] = [];
    const exStart: number[] = [0];
    const exTarget: number[] = [];
    const present = new Uint8Array(K);
    for (let i = 0; i < matrix.nRecords; i++) {
      const r = ref[i]!;
      if (r < 0) continue;
      const a0 = matrix.indptr[i]!;
      const b0 = matrix.indptr[i + 1]!;
      let distinct = 0;
      for (let k = a0; k < b0; k++) if (present[matrix.vote[k]!]!++ === 0) distinct++;
      const ok = distinct >= 2 && present[r]! > 0;
      for (let k = a0; k < b0; k++) present[matrix.vote[k]!] = 0;
      if (!ok) continue;
      this.voteFactors(matrix, i, firedVote, factor);
      for (let k = a0; k < b0; k++) {
        const h = matrix.heuristic[k]!;
        if (exclude[h]?.has(i)) continue;
        exIdx.push(h * K + matrix.vote[k]!);
        exFactor.push(factor[k - a0]!);
        exClass.push(matrix.vote[k]!);
      }
      exStart.push(exIdx.length);
      exTarget.push(r);
    }
    const nEx = exTarget.length;
    if (nEx === 0) return;
    const w = f.weight;
    const size = w.length;
    const m1 = new Float64Array(size);
    const m2 = new Float64Array(size);
    const grad = new Float64Array(size);
    const score = new Float64Array(K);
    const inv = 1 / this.o.refineVariance;
    const lr = this.o.learningRate;
    for (let step = 1; step <= this.o.refineSteps; step++) {
      for (let j = 0; j < size; j++) grad[j] = -(w[j]! - mu[j]!) * inv;
      for (let e = 0; e < nEx; e++) {
        score.fill(0);
        present.fill(0);
        for (let p = exStart[e]!; p < exStart[e + 1]!; p++) {
          score[exClass[p]!]! += exFactor[p]! * w[exIdx[p]!]!;
          present[exClass[p]!] = 1;
        }
        let mx = -Infinity;
        for (let c = 0; c < K; c++) if (present[c] && score[c]! > mx) mx = score[c]!;
        let s = 0;
        for (let c = 0; c < K; c++) {
          score[c] = present[c] ? Math.exp(score[c]! - mx) : 0;
          s += score[c]!;
        }
        const t = exTarget[e]!;
        for (let p = exStart[e]!; p < exStart[e + 1]!; p++) {
          const c = exClass[p]!;
          grad[exIdx[p]!]! += exFactor[p]! * ((c === t ? 1 : 0) - score[c]! / s);
        }
      }
      const b1 = 1 - 0.9 ** step;
      const b2 = 1 - 0.999 ** step;
      for (let j = 0; j < size; j++) {
        const g = grad[j]!;
        m1[j] = 0.9 * m1[j]! + 0.1 * g;
        m2[j] = 0.999 * m2[j]! + 0.001 * g * g;
        const next = w[j]! + (lr * (m1[j]! / b1)) / (Math.sqrt(m2[j]! / b2) + 1e-8);
        // a vote never counts against its own class
        w[j] = next > 0 ? next : 0;
      }
    }
  }

  /** Class balance without reference labels: mean predicted distribution of the voted records (Dirichlet(1)). */
  private estimateClassBalance(matrix: LabelMatrix): Float64Array {
    const K = matrix.nClasses;
    const f = this.fitted!;
    f.prior.fill(1 / K);
    f.logPrior.fill(-Math.log(K));
    const p = this.predict(matrix);
    const mass = new Float64Array(K).fill(1);
    for (let i = 0; i < matrix.nRecords; i++) {
      if (matrix.indptr[i] === matrix.indptr[i + 1]) continue;
      for (let c = 0; c < K; c++) mass[c]! += p.probabilities[i * K + c]!;
    }
    let s = 0;
    for (let c = 0; c < K; c++) s += mass[c]!;
    for (let c = 0; c < K; c++) mass[c]! /= s;
    return mass;
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const f = this.fitted!;
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const scratch = this.scratch(matrix);
    for (let i = 0; i < matrix.nRecords; i++) {
      const label = this.scoreRecord(matrix, i, f.precision, f.weight, f.prior, scratch, out.probabilities, i * K);
      out.labels[i] = label;
      out.confidence[i] = out.probabilities[i * K + label]!;
    }
    return out;
  }

  /**
   * Exact leave-one-out probabilities of fitted record `i` (of the fitted matrix) into `row`: its reference
   * label is removed from the precision counts, the pooled prior mean and the class prior, and the votes
   * of heuristics with `ignore(h)` (e.g. trained on this record) are dropped. Returns the predicted label.
   * With refined or agreement-based weights only the precision counts are adjusted (the weights are kept).
   */
  leaveOneOut(matrix: LabelMatrix, i: number, row: Float64Array, ignore?: (h: number) => boolean): number {
    assertCompatible(this.fitted, matrix, this.name);
    const f = this.fitted!;
    const K = f.nClasses;
    const r = f.ref[i] ?? -1;
    const a0 = matrix.indptr[i]!;
    const b0 = matrix.indptr[i + 1]!;
    const precision = f.precision.slice();
    const weight = f.weight.slice();
    const prior = f.prior.slice();
    if (r >= 0) {
      // this record's own contribution to the counts
      let ownTp = 0;
      let ownSupport = 0;
      for (let k = a0; k < b0; k++) {
        if (ignore?.(matrix.heuristic[k]!)) continue;
        ownSupport++;
        if (matrix.vote[k] === r) ownTp++;
      }
      const support = f.totalSupport - ownSupport;
      const mean = support > 0 ? (f.totalTp - ownTp + 1) / (support + 2) : DEFAULT_PRECISION;
      const s = f.priorStrength;
      for (let k = a0; k < b0; k++) {
        const h = matrix.heuristic[k]!;
        if (ignore?.(h)) continue;
        const idx = h * K + matrix.vote[k]!;
        const a = (f.tp[idx]! - (matrix.vote[k] === r ? 1 : 0) + s * mean) / (f.support[idx]! - 1 + s);
        precision[idx] = a;
        if (f.countDerived) weight[idx] = logOdds(a, K);
      }
      let nRefs = 0;
      for (let c = 0; c < K; c++) nRefs += f.refClassCount[c]!;
      if (nRefs > 1) for (let c = 0; c < K; c++) prior[c] = (f.refClassCount[c]! - (c === r ? 1 : 0) + 1) / (nRefs - 1 + K);
    }
    if (this.looScratch?.matrix !== matrix) this.looScratch = { matrix, scratch: this.scratch(matrix) };
    return this.scoreRecord(matrix, i, precision, weight, prior, this.looScratch.scratch, row, 0, ignore);
  }

  /** Work buffers of `leaveOneOut`, reused across the calls for one matrix. */
  private looScratch: { matrix: LabelMatrix; scratch: Scratch } | null = null;

  private scratch(matrix: LabelMatrix): Scratch {
    const K = matrix.nClasses;
    return {
      firedVote: new Int32Array(matrix.nHeuristics).fill(-1),
      factor: new Float64Array(maxDegree(matrix)),
      score: new Float64Array(K),
      best: new Float64Array(K),
      present: new Uint8Array(K),
    };
  }

  /**
   * Scores record i: softmax over the voted classes of Σ factor·weight, calibrated by ρ (probability that
   * the truth is among them); writes K probabilities at `out[offset..]` and returns the label (best voted
   * class; the prior's best class without votes).
   */
  private scoreRecord(
    matrix: LabelMatrix,
    i: number,
    precision: Float64Array,
    weight: Float64Array,
    prior: Float64Array,
    t: Scratch,
    out: Float64Array,
    offset: number,
    ignore?: (h: number) => boolean,
  ): number {
    const K = matrix.nClasses;
    const a0 = matrix.indptr[i]!;
    const b0 = matrix.indptr[i + 1]!;
    const { score, best, present, factor } = t;
    this.voteFactors(matrix, i, t.firedVote, factor, ignore);
    score.fill(0);
    best.fill(0);
    present.fill(0);
    let nVotes = 0;
    for (let k = a0; k < b0; k++) {
      if (ignore?.(matrix.heuristic[k]!)) continue;
      nVotes++;
      const c = matrix.vote[k]!;
      const idx = matrix.heuristic[k]! * K + c;
      score[c]! += factor[k - a0]! * weight[idx]!;
      present[c] = 1;
      const q = precision[idx]! * (matrix.confidence ? matrix.confidence[k]! : 1);
      if (q > best[c]!) best[c] = q;
    }
    if (nVotes === 0) {
      let label = 0;
      for (let c = 0; c < K; c++) {
        out[offset + c] = prior[c]!;
        if (prior[c]! > prior[label]!) label = c;
      }
      return label;
    }
    let label = -1;
    let mx = -Infinity;
    let notIn = 1;
    let priorOut = 0;
    let nCand = 0;
    for (let c = 0; c < K; c++) {
      if (!present[c]) {
        priorOut += prior[c]!;
        continue;
      }
      nCand++;
      if (this.o.priorInArbitration) score[c]! += Math.log(prior[c]!);
      notIn *= 1 - best[c]!;
      if (score[c]! > mx || (score[c] === mx && prior[c]! > prior[label]!)) {
        mx = score[c]!;
        label = c;
      }
    }
    let s = 0;
    for (let c = 0; c < K; c++) if (present[c]) s += Math.exp(score[c]! - mx);
    const rho = nCand === K || priorOut <= 0 ? 1 : 1 - notIn;
    for (let c = 0; c < K; c++) out[offset + c] = present[c] ? (rho * Math.exp(score[c]! - mx)) / s : ((1 - rho) * prior[c]!) / priorOut;
    return label;
  }
}

interface Scratch {
  firedVote: Int32Array;
  factor: Float64Array;
  score: Float64Array;
  best: Float64Array;
  present: Uint8Array;
}

/** Prior precision without any reference support (refinery's default). */
const DEFAULT_PRECISION = 0.8;

function logOdds(a: number, K: number): number {
  const x = Math.min(Math.max(a, 1e-4), 1 - 1e-4);
  return Math.log((x * Math.max(1, K - 1)) / (1 - x));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function maxDegree(matrix: LabelMatrix): number {
  let d = 0;
  for (let i = 0; i < matrix.nRecords; i++) d = Math.max(d, matrix.indptr[i + 1]! - matrix.indptr[i]!);
  return d;
}
