import { type LabelMatrix, referenceArray, type ReferenceLabels } from './matrix.js';

/** Beta prior on a heuristic's precision, as mean and strength (pseudo-count α + β). */
export interface PrecisionPrior {
  /** Prior mean; default: the pooled precision of all heuristics on the reference labels (Beta(1,1)-smoothed), or 0.8 without any support. */
  readonly mean?: number;
  /** Prior strength α + β in pseudo-records; default 2. */
  readonly strength?: number;
}

export interface StatisticsOptions {
  readonly reference?: ReferenceLabels;
  /** Per heuristic, records excluded from its reference support (e.g. an active learner's training records). */
  readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
  readonly precisionPrior?: PrecisionPrior;
}

/** Statistics of one heuristic for one label. */
export interface HeuristicLabelStatistics {
  readonly heuristic: number;
  readonly label: number;
  /** Records on which the heuristic votes this label. */
  readonly coverage: number;
  /** Votes for this label (equals coverage in a single-label matrix: one vote per heuristic and record). */
  readonly hits: number;
  /** Covered records on which at least one other heuristic also votes (any label). */
  readonly overlaps: number;
  /** Covered records on which at least one other heuristic votes a different label (conflicts ≤ overlaps). */
  readonly conflicts: number;
  /** Covered records whose reference label equals this label (support records only). */
  readonly truePositives: number;
  /** Covered records whose reference label differs. */
  readonly falsePositives: number;
  /** Reference records of this label that the heuristic does not vote this label for. */
  readonly falseNegatives: number;
  /** truePositives + falsePositives: reference records backing the precision. */
  readonly support: number;
  /** TP / support, or null without support. */
  readonly precision: number | null;
  /** Beta-posterior mean (TP + strength·mean) / (support + strength): never a silent 0. */
  readonly estimatedPrecision: number;
  /** TP / (TP + FN), or null when there is no reference record of this label. */
  readonly recall: number | null;
}

/** Resolves the precision prior: pooled reference precision (Beta(1,1)) unless a mean is given; 0.8 without support. */
export function resolvePrecisionPrior(totalTp: number, totalSupport: number, prior: PrecisionPrior = {}): { mean: number; strength: number } {
  const strength = prior.strength ?? 2;
  if (!(strength >= 0)) throw new RangeError('precision prior strength must be >= 0');
  const mean = prior.mean ?? (totalSupport > 0 ? (totalTp + 1) / (totalSupport + 2) : 0.8);
  if (!(mean > 0 && mean < 1)) throw new RangeError('precision prior mean must be in (0, 1)');
  return { mean, strength };
}

/** Per heuristic and label statistics of a single-label classification matrix. */
export function heuristicStatistics(matrix: LabelMatrix, options: StatisticsOptions = {}): HeuristicLabelStatistics[] {
  const { nRecords: n, nHeuristics: m, nClasses: K, indptr, heuristic, vote } = matrix;
  const ref = referenceArray(options.reference, n, K);
  const exclude = options.excludeFromSupport ?? [];
  const size = m * K;
  const coverage = new Float64Array(size);
  const overlaps = new Float64Array(size);
  const conflicts = new Float64Array(size);
  const tp = new Float64Array(size);
  const fp = new Float64Array(size);
  const refVotedOwn = new Float64Array(size); // reference records of class c on which h votes c (= tp)
  const refCount = new Float64Array(size); // reference records of class c counted for heuristic h (not excluded)
  const refClassCount = new Float64Array(K);
  const excludedRefByClass: Float64Array[] = [];
  for (let h = 0; h < m; h++) {
    const ex = exclude[h];
    const arr = new Float64Array(K);
    if (ex) for (const r of ex) if (r >= 0 && r < n && ref[r]! >= 0) arr[ref[r]!]! += 1;
    excludedRefByClass.push(arr);
  }
  for (let i = 0; i < n; i++) if (ref[i]! >= 0) refClassCount[ref[i]!]! += 1;

  const classCount = new Int32Array(K);
  for (let i = 0; i < n; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    const nVotes = b - a;
    let distinct = 0;
    for (let k = a; k < b; k++) if (classCount[vote[k]!]!++ === 0) distinct++;
    const r = ref[i]!;
    for (let k = a; k < b; k++) {
      const h = heuristic[k]!;
      const c = vote[k]!;
      const idx = h * K + c;
      coverage[idx]! += 1;
      if (nVotes > 1) overlaps[idx]! += 1;
      // another heuristic votes a different label iff some class other than c is present
      if (distinct > 1) conflicts[idx]! += 1;
      if (r >= 0 && !exclude[h]?.has(i)) {
        if (r === c) {
          tp[idx]! += 1;
          refVotedOwn[idx]! += 1;
        } else fp[idx]! += 1;
      }
    }
    for (let k = a; k < b; k++) classCount[vote[k]!] = 0;
  }
  for (let h = 0; h < m; h++) for (let c = 0; c < K; c++) refCount[h * K + c] = refClassCount[c]! - excludedRefByClass[h]![c]!;

  let totalTp = 0;
  let totalSupport = 0;
  for (let idx = 0; idx < size; idx++) {
    totalTp += tp[idx]!;
    totalSupport += tp[idx]! + fp[idx]!;
  }
  const prior = resolvePrecisionPrior(totalTp, totalSupport, options.precisionPrior);
  const out: HeuristicLabelStatistics[] = [];
  for (let h = 0; h < m; h++) {
    for (let c = 0; c < K; c++) {
      const idx = h * K + c;
      const support = tp[idx]! + fp[idx]!;
      const fn = refCount[idx]! - refVotedOwn[idx]!;
      if (coverage[idx] === 0 && refCount[idx] === 0) continue;
      out.push({
        heuristic: h,
        label: c,
        coverage: coverage[idx]!,
        hits: coverage[idx]!,
        overlaps: overlaps[idx]!,
        conflicts: conflicts[idx]!,
        truePositives: tp[idx]!,
        falsePositives: fp[idx]!,
        falseNegatives: fn,
        support,
        precision: support > 0 ? tp[idx]! / support : null,
        estimatedPrecision: (tp[idx]! + prior.strength * prior.mean) / (support + prior.strength),
        recall: refCount[idx]! > 0 ? tp[idx]! / refCount[idx]! : null,
      });
    }
  }
  return out.filter((s) => s.coverage > 0);
}

/**
 * Reference counts per (heuristic, voted class) used by the label models: tp / support per
 * `h * nClasses + c`, honouring per-heuristic support exclusions.
 */
export function referenceCounts(
  matrix: LabelMatrix,
  ref: Int32Array,
  exclude: ReadonlyArray<ReadonlySet<number> | undefined> = [],
): { tp: Float64Array; support: Float64Array; totalTp: number; totalSupport: number } {
  const K = matrix.nClasses;
  const tp = new Float64Array(matrix.nHeuristics * K);
  const support = new Float64Array(matrix.nHeuristics * K);
  let totalTp = 0;
  let totalSupport = 0;
  for (let i = 0; i < matrix.nRecords; i++) {
    const r = ref[i]!;
    if (r < 0) continue;
    for (let k = matrix.indptr[i]!; k < matrix.indptr[i + 1]!; k++) {
      const h = matrix.heuristic[k]!;
      if (exclude[h]?.has(i)) continue;
      const idx = h * K + matrix.vote[k]!;
      support[idx]! += 1;
      totalSupport++;
      if (matrix.vote[k] === r) {
        tp[idx]! += 1;
        totalTp++;
      }
    }
  }
  return { tp, support, totalTp, totalSupport };
}
