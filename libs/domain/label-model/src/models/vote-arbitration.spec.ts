import { labelMatrixFromDense } from '../matrix.js';
import { VoteArbitration } from './vote-arbitration.js';

describe('VoteArbitration', () => {
  it('calibrates a single vote to the Beta-posterior precision (hand-computed)', () => {
    // h0 → 0 on three reference records of class 0 (TP 3); h1 → 1 on one reference record of class 0 (FP 1)
    const m = labelMatrixFromDense(
      [
        [0, -1],
        [0, -1],
        [0, -1],
        [-1, 1],
      ],
      2,
    );
    const model = new VoteArbitration().fit(m, {
      reference: new Map([
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 0],
      ]),
    });
    // pooled mean (3+1)/(4+2) = 2/3; a = (3 + 2·2/3) / (3 + 2) = 13/15
    const p = model.predict(labelMatrixFromDense([[0, -1]], 2));
    expect(p.labels[0]).toBe(0);
    expect(p.confidence[0]).toBeCloseTo(13 / 15, 12);
    expect(p.probabilities[1]).toBeCloseTo(2 / 15, 12);
    // h1: a = (0 + 4/3) / 3 = 4/9 < 1/2 → weight 0, but still the only candidate
    const q = model.predict(labelMatrixFromDense([[-1, 1]], 2));
    expect(q.labels[0]).toBe(1);
    expect(q.confidence[0]).toBeCloseTo(4 / 9, 12);
  });

  it('discounts a generic heuristic implied by a specific one (agreement structure)', () => {
    // g (h0) fires on all 20 records with class 0; s (h1) fires on records 0..9 with class 1.
    // P(g | s) = 10 / 11 ≥ 0.9 → g's conflicting vote is scaled by 1/11 and s wins.
    const rows = Array.from({ length: 20 }, (_, i) => [0, i < 10 ? 1 : -1]);
    const m = labelMatrixFromDense(rows, 2);
    const p = new VoteArbitration().fit(m).predict(m);
    for (let i = 0; i < 20; i++) expect(p.labels[i]).toBe(i < 10 ? 1 : 0);
    const off = new VoteArbitration({ implicationThreshold: 2 }).fit(m).predict(m);
    // without implications both weigh the same; the tie goes to the estimated majority class 0
    expect(off.labels[0]).toBe(0);
    expect(new VoteArbitration().fit(m).parameters!.impFrom.length).toBe(1);
  });

  it('gives records without votes the class prior of the reference labels', () => {
    const m = labelMatrixFromDense([[0], [-1], [-1], [-1]], 3);
    const p = new VoteArbitration()
      .fit(m, {
        reference: new Map([
          [1, 2],
          [2, 2],
          [3, 1],
        ]),
      })
      .predict(m);
    expect(p.labels[1]).toBe(2);
    expect(p.confidence[1]).toBeCloseTo(3 / 6, 12); // (1+2)/(3+3)
    expect(p.labels[0]).toBe(0);
  });

  it('ignores reference support on excluded records (active learner training data)', () => {
    const m = labelMatrixFromDense(
      [
        [0, -1],
        [0, -1],
        [-1, 0],
      ],
      2,
    );
    const reference = new Map([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    const plain = new VoteArbitration().fit(m, { reference }).parameters!.precision[0]!;
    const excluded = new VoteArbitration().fit(m, { reference, excludeFromSupport: [new Set([0, 1])] }).parameters!.precision[0]!;
    expect(plain).toBeGreaterThan(excluded);
    // excluded: no support for h0 → prior mean (1+1)/(1+2) = 2/3
    expect(excluded).toBeCloseTo(2 / 3, 12);
  });

  it('refines weights on reference conflicts when enabled, never below zero', () => {
    // 40× h0 alone (ref 0), 10× h1 alone (ref 0: FP), 10× conflict h0→0 / h1→1 (ref 1)
    const rows = [
      ...Array.from({ length: 40 }, () => [0, -1]),
      ...Array.from({ length: 10 }, () => [-1, 1]),
      ...Array.from({ length: 10 }, () => [0, 1]),
    ];
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(rows.map((_, i) => [i, i >= 50 ? 1 : 0] as [number, number]));
    const plain = new VoteArbitration({ implicationThreshold: 2 }).fit(m, { reference });
    const refined = new VoteArbitration({ implicationThreshold: 2, refineSteps: 300 }).fit(m, { reference });
    const conflict = labelMatrixFromDense([[0, 1]], 2);
    expect(plain.predict(conflict).labels[0]).toBe(0); // precision 41.6/52 vs 11/22 favours h0
    expect(refined.predict(conflict).labels[0]).toBe(1); // conflicts say h1 wins
    for (const x of refined.parameters!.weight) expect(x).toBeGreaterThanOrEqual(0);
  });

  it('computes exact leave-one-out probabilities of a reference record (hand-computed)', () => {
    // as in the first case: h0 → 0 on references 0..2 (class 0), h1 → 1 on reference 3 (class 0)
    const m = labelMatrixFromDense(
      [
        [0, -1],
        [0, -1],
        [0, -1],
        [-1, 1],
      ],
      2,
    );
    const model = new VoteArbitration().fit(m, {
      reference: new Map([
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 0],
      ]),
    });
    const row = new Float64Array(2);
    // without record 0: pooled mean (2+1)/(3+2) = 3/5; h0: TP 2 of 2 → a = (2 + 2·3/5)/(2 + 2) = 4/5
    expect(model.leaveOneOut(m, 0, row)).toBe(0);
    expect(row[0]).toBeCloseTo(4 / 5, 12);
    // h0 ignored on record 0 (e.g. trained on it): no usable vote → leave-one-out class prior (3+1)/(3+2)
    expect(model.leaveOneOut(m, 0, row, (h) => h === 0)).toBe(0);
    expect(row[0]).toBeCloseTo(4 / 5, 12);
    // record 3: h1 loses its only (false-positive) support → pooled prior mean (3+1)/(3+2) = 4/5
    expect(model.leaveOneOut(m, 3, row)).toBe(1);
    expect(row[1]).toBeCloseTo(4 / 5, 12);
  });
});
