import type { LabelMatrix } from '../matrix.js';
import { mulberry32 } from '../random.js';
import { classPrior, writePriorRow } from './prior.js';
import { assertCompatible, emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './types.js';

export interface MajorityVoteOptions {
  /** Seed of the PRNG that breaks ties (fixed by default so results are reproducible). */
  readonly seed?: number;
}

/**
 * Majority vote: each non-abstaining vote counts 1 (confidences are ignored). Ties are broken by a
 * fixed-seed random choice among the tied classes; records without votes get the class prior's
 * most likely class. Probabilities are the vote shares.
 */
export class MajorityVote implements LabelModel {
  readonly name = 'majority-vote';
  private readonly seed: number;
  private fitted: { nHeuristics: number; nClasses: number; prior: Float64Array } | null = null;

  constructor(options: MajorityVoteOptions = {}) {
    this.seed = options.seed ?? 42;
  }

  fit(matrix: LabelMatrix, options: FitOptions = {}): this {
    this.fitted = { nHeuristics: matrix.nHeuristics, nClasses: matrix.nClasses, prior: classPrior(matrix, options.reference) };
    return this;
  }

  predict(matrix: LabelMatrix): Prediction {
    assertCompatible(this.fitted, matrix, this.name);
    const { prior } = this.fitted!;
    const K = matrix.nClasses;
    const out = emptyPrediction(matrix.nRecords, K);
    const rand = mulberry32(this.seed);
    const counts = new Float64Array(K);
    const ties = new Int32Array(K);
    for (let i = 0; i < matrix.nRecords; i++) {
      const a = matrix.indptr[i]!;
      const b = matrix.indptr[i + 1]!;
      if (a === b) {
        const r = writePriorRow(prior, out.probabilities, i);
        out.labels[i] = r.label;
        out.confidence[i] = r.confidence;
        continue;
      }
      counts.fill(0);
      for (let k = a; k < b; k++) counts[matrix.vote[k]!]! += 1;
      let best = -1;
      let nTies = 0;
      for (let c = 0; c < K; c++) {
        if (counts[c]! > best) {
          best = counts[c]!;
          nTies = 0;
        }
        if (counts[c] === best) ties[nTies++] = c;
      }
      const label = nTies === 1 ? ties[0]! : ties[Math.floor(rand() * nTies)]!;
      const total = b - a;
      for (let c = 0; c < K; c++) out.probabilities[i * K + c] = counts[c]! / total;
      out.labels[i] = label;
      out.confidence[i] = counts[label]! / total;
    }
    return out;
  }
}
