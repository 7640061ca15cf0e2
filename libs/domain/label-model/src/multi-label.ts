import { referenceEntries } from './matrix.js';
import { resolvePrecisionPrior } from './statistics.js';

/** A multi-label vote: heuristic says `label` applies to `record`. */
export interface MultiLabelVote {
  readonly record: number;
  readonly heuristic: number;
  readonly label: number;
  readonly confidence?: number;
}

export interface MultiLabelOptions {
  /** Manual label sets: record -> labels present (records listed are fully annotated). */
  readonly reference?: ReadonlyMap<number, readonly number[]>;
  readonly precisionPriorStrength?: number;
  /** Probability above which a label is assigned. Default 0.5. */
  readonly threshold?: number;
}

export interface MultiLabelResult {
  /** Per record the assigned labels (ascending). */
  readonly labels: number[][];
  /** Row-major nRecords × nLabels probability that each label applies (0 without votes). */
  readonly probabilities: Float64Array;
  /** Estimated precision per `heuristic * nLabels + label`. */
  readonly precision: Float64Array;
}

/**
 * Per-label binary aggregation: each label is its own binary task. A heuristic's vote for label ℓ
 * is correct with probability a_hℓ (Beta-posterior precision on annotated records, prior mean =
 * pooled precision, 0.8 without references); votes are combined by noisy-or,
 * P(ℓ | votes) = 1 − Π (1 − a_hℓ·confidence), and ℓ is assigned when P ≥ threshold.
 */
export function aggregateMultiLabel(
  nRecords: number,
  nHeuristics: number,
  nLabels: number,
  votes: readonly MultiLabelVote[],
  options: MultiLabelOptions = {},
): MultiLabelResult {
  const size = nHeuristics * nLabels;
  const tp = new Float64Array(size);
  const support = new Float64Array(size);
  const refSets = new Map<number, Set<number>>();
  for (const [r, ls] of options.reference ?? []) {
    referenceEntries(new Map(ls.map((l) => [r, l])), nRecords, nLabels);
    refSets.set(r, new Set(ls));
  }
  let totalTp = 0;
  let totalSupport = 0;
  for (const v of votes) {
    if (v.record < 0 || v.record >= nRecords || v.heuristic < 0 || v.heuristic >= nHeuristics || v.label < 0 || v.label >= nLabels)
      throw new RangeError(`vote out of range: ${JSON.stringify(v)}`);
    const set = refSets.get(v.record);
    if (!set) continue;
    const idx = v.heuristic * nLabels + v.label;
    support[idx]! += 1;
    totalSupport++;
    if (set.has(v.label)) {
      tp[idx]! += 1;
      totalTp++;
    }
  }
  const pp = resolvePrecisionPrior(totalTp, totalSupport, { strength: options.precisionPriorStrength ?? 2 });
  const precision = new Float64Array(size);
  for (let idx = 0; idx < size; idx++) precision[idx] = (tp[idx]! + pp.strength * pp.mean) / (support[idx]! + pp.strength);
  const miss = new Float64Array(nRecords * nLabels).fill(1);
  const voted = new Uint8Array(nRecords * nLabels);
  for (const v of votes) {
    const cell = v.record * nLabels + v.label;
    miss[cell]! *= 1 - precision[v.heuristic * nLabels + v.label]! * (v.confidence ?? 1);
    voted[cell] = 1;
  }
  const threshold = options.threshold ?? 0.5;
  const probabilities = new Float64Array(nRecords * nLabels);
  const labels: number[][] = [];
  for (let i = 0; i < nRecords; i++) {
    const row: number[] = [];
    for (let l = 0; l < nLabels; l++) {
      const cell = i * nLabels + l;
      const p = voted[cell] ? 1 - miss[cell]! : 0;
      probabilities[cell] = p;
      if (voted[cell] && p >= threshold) row.push(l);
    }
    labels.push(row);
  }
  return { labels, probabilities, precision };
}
