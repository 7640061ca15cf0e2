import type { LabelMatrix, ReferenceLabels } from '../matrix.js';

/** Options shared by every label model's `fit`. */
export interface FitOptions {
  /** Manual (reference) labels of some records of the fitted matrix: record index -> class. */
  readonly reference?: ReferenceLabels;
  /**
   * Per heuristic, records whose reference labels must not count as support for that heuristic
   * (e.g. an active learner's own training records). Index = heuristic.
   */
  readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
}

/** Output of `predict`: one label per record, its confidence and the full probability vectors. */
export interface Prediction {
  readonly nRecords: number;
  readonly nClasses: number;
  /** Predicted class per record (every record gets one). */
  readonly labels: Int32Array;
  /** Confidence of the predicted class per record, in [0, 1]. */
  readonly confidence: Float64Array;
  /** Row-major nRecords × nClasses probability vectors (rows sum to 1). */
  readonly probabilities: Float64Array;
}

/** Common interface of all label models. */
export interface LabelModel {
  readonly name: string;
  fit(matrix: LabelMatrix, options?: FitOptions): this;
  predict(matrix: LabelMatrix): Prediction;
}

export function emptyPrediction(nRecords: number, nClasses: number): Prediction {
  return {
    nRecords,
    nClasses,
    labels: new Int32Array(nRecords),
    confidence: new Float64Array(nRecords),
    probabilities: new Float64Array(nRecords * nClasses),
  };
}

/** Fits on `matrix` and predicts the same records. */
export function fitPredict(model: LabelModel, matrix: LabelMatrix, options?: FitOptions): Prediction {
  return model.fit(matrix, options).predict(matrix);
}

export function assertCompatible(fitted: { nHeuristics: number; nClasses: number } | null, matrix: LabelMatrix, name: string): void {
  if (!fitted) throw new Error(`${name}: predict called before fit`);
  if (fitted.nHeuristics !== matrix.nHeuristics || fitted.nClasses !== matrix.nClasses)
    throw new Error(
      `${name}: matrix has ${matrix.nHeuristics} heuristics × ${matrix.nClasses} classes, fitted ${fitted.nHeuristics} × ${fitted.nClasses}`,
    );
}
