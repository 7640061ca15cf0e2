import { type ActiveLearnerConfig } from './active-learner-config.js';
import type { Classifier } from './classifier.js';
import { createClassifier } from './create-classifier.js';
import { LearnerError, LearnerErrorCode } from './learner-error.js';
import { argmaxRow, checkMatrix } from './validate.js';

export interface ActiveLearnerInput {
  /** the chosen embedding's vectors of the records to predict, n × dims row-major */
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dims: number;
  /** valid manual label per row as a class index, −1 = not labelled */
  readonly labels: Int32Array;
  /** number of labels of the task */
  readonly classes: number;
  readonly config: ActiveLearnerConfig;
}

export interface ActiveLearnerResult {
  /** rows whose prediction reached minConfidence, ascending */
  readonly rows: Int32Array;
  /** predicted class per kept row */
  readonly predicted: Int32Array;
  /** the class probability, stored as the heuristic association's confidence */
  readonly confidence: Float32Array;
  /** labelled rows the model was trained on (every other one): exclude from statistics */
  readonly trainRows: Int32Array;
  /** labelled rows held out: the heuristic's statistics are honest on these */
  readonly heldOutRows: Int32Array;
  readonly classifier: Classifier;
}

/**
 * refinery's active-learner protocol: the valid manually labelled rows, in row order, are split
 * alternately — the 1st, 3rd, 5th… train the model, the 2nd, 4th, 6th… are held out for the
 * heuristic's statistics — then every row is predicted and a prediction is kept when its
 * probability reaches `minConfidence` (label = most probable class, ties to the lower index).
 */
export function runActiveLearner(input: ActiveLearnerInput): ActiveLearnerResult {
  const { vectors, n, dims, labels, classes, config } = input;
  checkMatrix(vectors, n, dims);
  if (labels.length !== n)
    throw new LearnerError(
      LearnerErrorCode.InvalidInput,
      `labels has ${labels.length} entries, expected one per row (${n})`,
    );
  const labelled: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c === -1) continue;
    if (!Number.isInteger(c) || c < 0 || c >= classes)
      throw new LearnerError(
        LearnerErrorCode.InvalidInput,
        `labels[${i}] = ${c} is neither −1 nor a class index in [0, ${classes})`,
      );
    labelled.push(i);
  }
  const trainRows = Int32Array.from(labelled.filter((_, p) => p % 2 === 0));
  const heldOutRows = Int32Array.from(labelled.filter((_, p) => p % 2 === 1));
  const seen = new Set(Array.from(trainRows, (r) => labels[r]!));
  if (seen.size < 2) {
    throw new LearnerError(
      LearnerErrorCode.NotEnoughLabels,
      `the active learner needs manual labels of at least 2 classes among its training rows (every other labelled record); ${labelled.length} labelled records give ${trainRows.length} training rows with ${seen.size} class(es)`,
    );
  }
  const x = new Float32Array(trainRows.length * dims);
  trainRows.forEach((r, p) => x.set(vectors.subarray(r * dims, (r + 1) * dims), p * dims));
  const classifier = createClassifier(config).fit(
    x,
    trainRows.length,
    dims,
    Int32Array.from(trainRows, (r) => labels[r]!),
    classes,
  );
  const proba = classifier.predictProba(vectors, n);
  const rows: number[] = [];
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = argmaxRow(proba, i, classes);
    const p = proba[i * classes + c]!;
    if (p < config.minConfidence) continue;
    rows.push(i);
    predicted.push(c);
    confidence.push(p);
  }
  return {
    rows: Int32Array.from(rows),
    predicted: Int32Array.from(predicted),
    confidence: Float32Array.from(confidence),
    trainRows,
    heldOutRows,
    classifier,
  };
}
