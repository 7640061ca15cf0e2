import { type LabelMatrix, referenceEntries, type ReferenceLabels } from './matrix.js';
import { MajorityVote } from './models/majority-vote.js';
import type { LabelModel } from './models/types.js';
import { mulberry32 } from './random.js';

export interface QualityOptions {
  /** Number of folds over the reference records (capped at their number); default 5. */
  readonly folds?: number;
  /** Seed of the fold assignment (fixed, so a report is reproducible); default 42. */
  readonly seed?: number;
  /** As in `FitOptions`: per heuristic, records excluded from its reference support. */
  readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
}

/** Held-out accuracy of one label model over the reference records. */
export interface HeldOutAccuracy {
  readonly name: string;
  /** Reference records predicted correctly while their own label was held out. */
  readonly correct: number;
  /** correct / evaluated, in [0, 1]. */
  readonly accuracy: number;
}

export interface QualityReport {
  readonly folds: number;
  /** Reference records evaluated (each exactly once). */
  readonly evaluated: number;
  /** Of those, records with at least one vote (the rest fall back to the class prior). */
  readonly covered: number;
  readonly model: HeldOutAccuracy;
  readonly majorityVote: HeldOutAccuracy;
}

/**
 * k-fold cross-validated accuracy over the reference labels: every reference record is predicted
 * by a model fitted without its fold's labels (the votes of all records stay: they are not labels),
 * so users see whether the label model beats majority vote on their own data. Majority vote is
 * run through the same folds (its class prior for silent records does use the references).
 * Returns null with fewer than two reference records (nothing can be held out and learnt from).
 */
export function crossValidatedQuality(
  matrix: LabelMatrix,
  reference: ReferenceLabels | undefined,
  createModel: () => LabelModel,
  options: QualityOptions = {},
): QualityReport | null {
  const steps = crossValidationSteps(matrix, reference, createModel, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same evaluation one fold at a time: a generator that yields after each fold and returns
 * the report, so a caller can interleave other work (e.g. I/O) between folds.
 */
export function* crossValidationSteps(
  matrix: LabelMatrix,
  reference: ReferenceLabels | undefined,
  createModel: () => LabelModel,
  options: QualityOptions = {},
): Generator<number, QualityReport | null, void> {
  const refs = referenceEntries(reference, matrix.nRecords, matrix.nClasses);
  if (refs.length < 2) return null;
  const requested = options.folds ?? 5;
  if (!Number.isInteger(requested) || requested < 2) throw new RangeError(`folds must be an integer >= 2, got ${requested}`);
  const k = Math.min(requested, refs.length);
  const order = shuffled(refs.length, options.seed ?? 42);
  const foldOf = new Int32Array(refs.length);
  order.forEach((refIndex, position) => (foldOf[refIndex] = position % k));

  let name = '';
  let correct = 0;
  let correctMv = 0;
  for (let fold = 0; fold < k; fold++) {
    const training = new Map<number, number>();
    refs.forEach(([record, label], j) => {
      if (foldOf[j] !== fold) training.set(record, label);
    });
    const fit = { reference: training, ...(options.excludeFromSupport ? { excludeFromSupport: options.excludeFromSupport } : {}) };
    const model = createModel().fit(matrix, fit);
    name = model.name;
    const predicted = model.predict(matrix).labels;
    const baseline = new MajorityVote().fit(matrix, fit).predict(matrix).labels;
    refs.forEach(([record, label], j) => {
      if (foldOf[j] !== fold) return;
      if (predicted[record] === label) correct++;
      if (baseline[record] === label) correctMv++;
    });
    yield fold;
  }
  let covered = 0;
  for (const [record] of refs) if (matrix.indptr[record + 1]! > matrix.indptr[record]!) covered++;
  const n = refs.length;
  return {
    folds: k,
    evaluated: n,
    covered,
    model: { name, correct, accuracy: correct / n },
    majorityVote: { name: 'majority-vote', correct: correctMv, accuracy: correctMv / n },
  };
}

/** Fisher–Yates permutation of 0..n-1 with a seeded PRNG. */
function shuffled(n: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
