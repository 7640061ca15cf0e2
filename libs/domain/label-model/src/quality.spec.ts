import { labelMatrixFromDense, type LabelMatrix, referenceArray } from './matrix.js';
import { RefineryVoting } from './models/refinery-voting.js';
import { emptyPrediction, type FitOptions, type LabelModel, type Prediction } from './models/types.js';
import { crossValidatedQuality, crossValidationSteps } from './quality.js';

// r0..r5: h0→0, h1→0, h2→1 (truth 1: the two agreeing heuristics are wrong); r6: no vote (truth 1)
const matrix = labelMatrixFromDense([...Array.from({ length: 6 }, () => [0, 0, 1]), [-1, -1, -1]], 2);
const reference = new Map(Array.from({ length: 7 }, (_, i) => [i, 1] as [number, number]));

/** Predicts the reference label of every record it saw during fit, class 0 elsewhere. */
class Memorizer implements LabelModel {
  readonly name = 'memorizer';
  private ref: Int32Array | null = null;
  fit(m: LabelMatrix, options: FitOptions = {}): this {
    this.ref = referenceArray(options.reference, m.nRecords, m.nClasses);
    return this;
  }
  predict(m: LabelMatrix): Prediction {
    const p = emptyPrediction(m.nRecords, m.nClasses);
    for (let i = 0; i < m.nRecords; i++) p.labels[i] = Math.max(0, this.ref![i]!);
    return p;
  }
}

describe('crossValidatedQuality', () => {
  it('compares the model with majority vote on held-out reference labels (hand-computed)', () => {
    // Each fold fits on ≥ 4 labelled records: precision h0→0 = h1→0 = 0/4, h2→1 = 4/4, so
    // refinery-voting predicts 1 on r0..r5; majority vote says 0 (2 votes to 1). r6 has no vote:
    // both fall back to the reference prior (class 1).
    const report = crossValidatedQuality(matrix, reference, () => new RefineryVoting(), { folds: 3 });
    expect(report).toEqual({
      folds: 3,
      evaluated: 7,
      covered: 6,
      model: { name: 'refinery-voting', correct: 7, accuracy: 1 },
      majorityVote: { name: 'majority-vote', correct: 1, accuracy: 1 / 7 },
    });
  });

  it('never lets a record see its own label', () => {
    const report = crossValidatedQuality(matrix, reference, () => new Memorizer(), { folds: 7 });
    expect(report?.model.correct).toBe(0);
  });

  it('caps the folds at the number of references and is reproducible for a seed', () => {
    const two = new Map([
      [0, 1],
      [1, 1],
    ]);
    expect(crossValidatedQuality(matrix, two, () => new RefineryVoting())?.folds).toBe(2);
    const a = crossValidatedQuality(matrix, reference, () => new RefineryVoting(), { seed: 9 });
    expect(crossValidatedQuality(matrix, reference, () => new RefineryVoting(), { seed: 9 })).toEqual(a);
  });

  it('can run fold by fold with the same result', () => {
    const steps = crossValidationSteps(matrix, reference, () => new RefineryVoting(), { folds: 3 });
    const yielded: number[] = [];
    let step = steps.next();
    while (!step.done) {
      yielded.push(step.value);
      step = steps.next();
    }
    expect(yielded).toEqual([0, 1, 2]);
    expect(step.value).toEqual(crossValidatedQuality(matrix, reference, () => new RefineryVoting(), { folds: 3 }));
  });

  it('needs two reference labels and at least two folds', () => {
    expect(crossValidatedQuality(matrix, new Map([[0, 1]]), () => new RefineryVoting())).toBeNull();
    expect(crossValidatedQuality(matrix, undefined, () => new RefineryVoting())).toBeNull();
    expect(() => crossValidatedQuality(matrix, reference, () => new RefineryVoting(), { folds: 1 })).toThrow('folds must be an integer >= 2, got 1');
  });
});
