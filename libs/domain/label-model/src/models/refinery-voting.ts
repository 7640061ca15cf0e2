import { type LabelMatrix, referenceArray } from '../matrix.js';
import { refinerySigmoid } from '../math.js';
import { referenceCounts } from '../statistics.js';
import { classPrior, writePriorRow } from './prior.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';

export interface RefineryVotingOptions {
  /** Precision of a (heuristic, label) without reference support; refinery-compatible default 0.8. */
  readonly defaultPrecision?: number;
}

/**
 * refinery-compatible precision-weighted voting (weak-nlp `weakly_supervise`):
 * every vote weighs P(h, label) × confidence, P = TP / (TP + FP) on the reference labels
 * (defaultPrecision without support); the margin is best − (sum of the others), which for two
 * classes is best − second; confidence = σ(margin) with σ(x) = 1 / (1 + exp(−7x + 3)).
 * refinery dropped records with margin ≤ 0; here they keep the best class (ties: class prior, then
 * lowest index) with confidence σ(margin) < σ(0) ≈ 0.047. Records without votes get the prior's class.
 * The probability vector gives the predicted class its confidence and shares the rest by vote weight.
 */
export class RefineryVoting implements LabelModel {
  readonly name = 'refinery-voting';
  private readonly defaultPrecision: number;
  private fitted: { nHeuristics: number; nClasses: number; prior: Float64Array; precision: Float64Array } | null = null;

  constructor(options: RefineryVotingOptions = {}) {
    this.defaultPrecision = options.defaultPrecision ?? 0.8;
  }

  /** Precision per `heuristic * nClasses + class` used as vote weight. */
  get precision(): Float64Array | null {
    return this.fitted?.precision ?? null;
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    const ref = referenceArray(options.reference, matrix.nRecords, matrix.nClasses);
    const { tp, support } = referenceCounts(matrix, ref, options.excludeFromSupport);
    const precision = new Float64Array(tp.length);
    for (let i = 0; i < tp.length; i++) precision[i] = support[i]! > 0 ? tp[i]! / support[i]! : this.defaultPrecision;
    this.fitted = { nHeuristics: matrix.nHeuristics, nClasses: matrix.nClasses, prior: classPrior(matrix, options.reference), precision };
    return this;
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const { prior, precision } = this.fitted!;
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const score = new Float64Array(K);
    for (let i = 0; i < matrix.nRecords; i++) {
      const a = matrix.indptr[i]!;
      const b = matrix.indptr[i + 1]!;
      if (a === b) {
        const r = writePriorRow(prior, out.probabilities, i);
        out.labels[i] = r.label;
        out.confidence[i] = r.confidence;
        continue;
      }
      score.fill(0);
      for (let k = a; k < b; k++) {
        const c = matrix.vote[k]!;
        score[c]! += precision[matrix.heuristic[k]! * K + c]! * (matrix.confidence ? matrix.confidence[k]! : 1);
      }
      let best = 0;
      let sum = 0;
      for (let c = 0; c < K; c++) {
        sum += score[c]!;
        if (score[c]! > score[best]! || (score[c] === score[best] && prior[c]! > prior[best]!)) best = c;
      }
      const margin = score[best]! - (sum - score[best]!);
      const conf = refinerySigmoid(margin);
      const rest = sum - score[best]!;
      for (let c = 0; c < K; c++) {
        out.probabilities[i * K + c] =
          c === best ? conf : rest > 0 ? ((1 - conf) * score[c]!) / rest : (1 - conf) / Math.max(1, K - 1);
      }
      if (K === 1) out.probabilities[i] = 1;
      out.labels[i] = best;
      out.confidence[i] = K === 1 ? 1 : conf;
    }
    return out;
  }
}
