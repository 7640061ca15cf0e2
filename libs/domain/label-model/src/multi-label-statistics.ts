import type { MultiLabelVote } from './multi-label.js';
import { type HeuristicLabelStatistics, type PrecisionPrior, resolvePrecisionPrior } from './statistics.js';

export interface MultiLabelStatisticsOptions {
  /** Manual label sets of fully annotated records: record -> labels present (an empty set is a valid "none applies"). */
  readonly reference?: ReadonlyMap<number, readonly number[]>;
  readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
  readonly precisionPrior?: PrecisionPrior;
}

/**
 * Statistics of a multi-label task, per heuristic h and label ℓ (each label a yes/no question):
 * - coverage = hits = records where h says ℓ applies;
 * - overlaps = of those, records where another heuristic fires (any label);
 * - conflicts = of those, records where another heuristic fires without saying ℓ
 *   (it gave other labels only), so conflicts ≤ overlaps ≤ coverage;
 * - TP / FP on annotated records (ℓ in / not in the reference set), FN = annotated records with ℓ
 *   that h does not vote ℓ for; exclusions remove records from h's support; the precision prior
 *   is the same Beta prior as for single-label tasks.
 */
export function multiLabelStatistics(
  nRecords: number,
  nHeuristics: number,
  nLabels: number,
  votes: readonly MultiLabelVote[],
  options: MultiLabelStatisticsOptions = {},
): HeuristicLabelStatistics[] {
  const byRecord = new Map<number, Map<number, Set<number>>>(); // record -> heuristic -> labels
  for (const v of votes) {
    if (!inRange(v.record, nRecords) || !inRange(v.heuristic, nHeuristics) || !inRange(v.label, nLabels))
      throw new RangeError(`vote out of range: ${JSON.stringify(v)}`);
    let perHeuristic = byRecord.get(v.record);
    if (!perHeuristic) byRecord.set(v.record, (perHeuristic = new Map()));
    let labels = perHeuristic.get(v.heuristic);
    if (!labels) perHeuristic.set(v.heuristic, (labels = new Set()));
    labels.add(v.label);
  }
  const reference = new Map<number, Set<number>>();
  for (const [r, ls] of options.reference ?? []) {
    if (!inRange(r, nRecords)) throw new RangeError(`reference record ${r} out of range`);
    for (const l of ls) if (!inRange(l, nLabels)) throw new RangeError(`reference label ${l} out of range`);
    reference.set(r, new Set(ls));
  }
  const excluded = (h: number, r: number): boolean => options.excludeFromSupport?.[h]?.has(r) ?? false;
  const size = nHeuristics * nLabels;
  const coverage = new Float64Array(size);
  const overlaps = new Float64Array(size);
  const conflicts = new Float64Array(size);
  const tp = new Float64Array(size);
  const fp = new Float64Array(size);
  for (const [record, perHeuristic] of byRecord) {
    const ref = reference.get(record);
    for (const [h, labels] of perHeuristic) {
      for (const l of labels) {
        const idx = h * nLabels + l;
        coverage[idx]! += 1;
        let overlap = false;
        let conflict = false;
        for (const [other, otherLabels] of perHeuristic) {
          if (other === h) continue;
          overlap = true;
          if (!otherLabels.has(l)) conflict = true;
        }
        if (overlap) overlaps[idx]! += 1;
        if (conflict) conflicts[idx]! += 1;
        if (ref && !excluded(h, record)) {
          if (ref.has(l)) tp[idx]! += 1;
          else fp[idx]! += 1;
        }
      }
    }
  }
  let totalTp = 0;
  let totalSupport = 0;
  for (let idx = 0; idx < size; idx++) {
    totalTp += tp[idx]!;
    totalSupport += tp[idx]! + fp[idx]!;
  }
  const prior = resolvePrecisionPrior(totalTp, totalSupport, options.precisionPrior);
  const out: HeuristicLabelStatistics[] = [];
  for (let h = 0; h < nHeuristics; h++) {
    for (let l = 0; l < nLabels; l++) {
      const idx = h * nLabels + l;
      if (coverage[idx] === 0) continue;
      let positives = 0; // reference records with l in h's support
      for (const [r, set] of reference) if (set.has(l) && !excluded(h, r)) positives++;
      const support = tp[idx]! + fp[idx]!;
      out.push({
        heuristic: h,
        label: l,
        coverage: coverage[idx]!,
        hits: coverage[idx]!,
        overlaps: overlaps[idx]!,
        conflicts: conflicts[idx]!,
        truePositives: tp[idx]!,
        falsePositives: fp[idx]!,
        falseNegatives: positives - tp[idx]!,
        support,
        precision: support > 0 ? tp[idx]! / support : null,
        estimatedPrecision: (tp[idx]! + prior.strength * prior.mean) / (support + prior.strength),
        recall: positives > 0 ? tp[idx]! / positives : null,
      });
    }
  }
  return out;
}

function inRange(v: number, n: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < n;
}
