import { labelMatrixFromDense } from '../matrix.js';
import { mulberry32 } from '../random.js';
import { DawidSkene } from './dawid-skene.js';
import { blendRow, RefineryPlus } from './refinery-plus.js';
import { VoteArbitration } from './vote-arbitration.js';

/**
 * 200 records, truth y = i % 2, j = ⌊i / 2⌋. h0 votes 1 on 90 % of class 1 and never on class 0;
 * h1 votes 1 on every even j of both classes (uninformative); h2 votes 0 on 30 % of class 0.
 * "h1 alone" is 30× class 0 and 10× class 1; the 40 silent records are all class 0.
 */
function abstentionCase(): { rows: number[][]; truth: number[] } {
  const rows: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < 200; i++) {
    const y = i % 2;
    const j = Math.floor(i / 2);
    truth.push(y);
    rows.push([y === 1 && j % 10 !== 0 ? 1 : -1, j % 2 === 0 ? 1 : -1, y === 0 && j % 10 < 3 ? 0 : -1]);
  }
  return { rows, truth };
}

describe('blendRow', () => {
  it('blends geometrically (hand-computed)', () => {
    const pa = Float64Array.from([0.8, 0.2]);
    const pb = Float64Array.from([0.2, 0.8]);
    expect(blendRow(pa, pb, 0.5, 0, 0).probabilities[0]).toBeCloseTo(0.5, 12);
    // w = 0.25: 0.8^0.75·0.2^0.25 = 0.8·4^(−0.25), 0.2^0.75·0.8^0.25 = 0.2·4^0.25 → 0.8 / (0.8 + 0.2·2) = 2/3
    const r = blendRow(pa, pb, 0.25, 0, 1);
    expect(r.probabilities[0]).toBeCloseTo(2 / 3, 12);
    expect(r.logProbability).toBeCloseTo(Math.log(1 / 3), 12);
    expect(r.label).toBe(0);
  });
  it('keeps the arbitration label at w = 0 and takes the argmax otherwise', () => {
    const pa = Float64Array.from([0.4, 0.6]); // arbitration picked class 0 among its voted classes
    const pb = Float64Array.from([0.5, 0.5]);
    expect(blendRow(pa, pb, 0, 0, -1).label).toBe(0);
    expect(blendRow(pa, pb, 0.5, 0, -1).label).toBe(1);
  });
});

describe('RefineryPlus', () => {
  it('selects the agreement model when the reference labels cannot judge the dense heuristics', () => {
    // conditionally independent heuristics [vote, P(fires | y = 0), P(fires | y = 1)]; h0 (accurate) and
    // h3 (uninformative) are active learners trained on every reference record, so the arbitration
    // only has the pooled prior for them while the agreement structure tells them apart
    const design = [
      [1, 0.1, 0.8],
      [0, 0.7, 0.1],
      [1, 0.05, 0.5],
      [1, 0.5, 0.6],
    ] as const;
    const rand = mulberry32(1);
    const truth = Array.from({ length: 1000 }, (_, i) => i % 2);
    const rows = truth.map((y) => design.map(([v, p0, p1]) => (rand() < (y ? p1 : p0) ? v : -1)));
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(truth.slice(0, 60).map((y, i) => [i, y] as [number, number]));
    const trained = new Set(reference.keys());
    const options = { reference, excludeFromSupport: [trained, undefined, undefined, trained] };
    const model = new RefineryPlus().fit(m, options);
    const { selection } = model.parameters!;
    expect(selection.weight).toBeGreaterThan(0);
    expect(selection.evaluated).toBe(60);
    const acc = (labels: Int32Array): number => truth.filter((y, i) => labels[i] === y).length;
    const arbitration = new VoteArbitration().fit(m, options).predict(m);
    expect(acc(model.predict(m).labels)).toBeGreaterThan(acc(arbitration.labels) + 50);
  });

  it('keeps the arbitration when the agreement model misreads silent records', () => {
    // in the abstention case unsupervised DS explains the silent records as class 1 (not identifiable
    // from three heuristics that never co-fire informatively); the references reveal it
    const { rows, truth } = abstentionCase();
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(truth.slice(0, 60).map((y, i) => [i, y] as [number, number]));
    const model = new RefineryPlus().fit(m, { reference });
    const acc = (labels: Int32Array): number => truth.filter((y, i) => labels[i] === y).length;
    const ds = new DawidSkene().fit(m).predict(m);
    const a = new VoteArbitration().fit(m, { reference }).predict(m);
    expect(acc(ds.labels)).toBeLessThan(acc(a.labels));
    expect(model.parameters!.selection.weight).toBeLessThan(1);
    expect(acc(model.predict(m).labels)).toBeGreaterThanOrEqual(acc(a.labels));
  });

  it('keeps the arbitration where the agreement model is worse on the references', () => {
    // h0 is right, h1 votes the other class on the same records (adversarial, no abstention signal);
    // the references say h0 wins, which only the arbitration learns from them
    const rows = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? [i % 2, 1 - (i % 2)] : [i % 2, -1]));
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(rows.map((_, i) => [i, i % 2] as [number, number]));
    const model = new RefineryPlus().fit(m, { reference });
    expect(model.parameters!.selection.weight).toBe(0);
    const a = new VoteArbitration().fit(m, { reference }).predict(m);
    expect(Array.from(model.predict(m).labels)).toEqual(Array.from(a.labels));
  });

  it('needs enough references to select a blend', () => {
    const { rows, truth } = abstentionCase();
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(truth.slice(0, 60).map((y, i) => [i, y] as [number, number]));
    const few = new RefineryPlus({ minReferencesForSelection: 1000 }).fit(m, { reference });
    expect(few.parameters!.selection.weight).toBe(0);
    expect(few.parameters!.selection.candidates.length).toBe(5);
  });

  it('with λ = 1 predicts exactly the agreement model fitted without references', () => {
    const { rows, truth } = abstentionCase();
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(truth.slice(0, 60).map((y, i) => [i, y] as [number, number]));
    const p = new RefineryPlus({ blendWeight: 1 }).fit(m, { reference }).predict(m);
    const ds = new DawidSkene().fit(m).predict(m);
    expect(Array.from(p.probabilities)).toEqual(Array.from(ds.probabilities));
  });

  it('reuses a fitted agreement model (e.g. across cross-validation folds) with the same result', () => {
    const { rows, truth } = abstentionCase();
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map(truth.slice(0, 60).map((y, i) => [i, y] as [number, number]));
    const agreementModel = new DawidSkene().fit(m);
    const shared = new RefineryPlus({ agreementModel }).fit(m, { reference });
    const own = new RefineryPlus().fit(m, { reference });
    expect(shared.parameters?.selection).toEqual(own.parameters?.selection);
    expect(Array.from(shared.predict(m).probabilities)).toEqual(Array.from(own.predict(m).probabilities));
    expect(() => new RefineryPlus({ agreementModel: new DawidSkene() }).fit(m)).toThrow('agreementModel must be fitted');
  });

  it('rejects blend weights outside [0, 1] and an empty candidate list', () => {
    expect(() => new RefineryPlus({ blendWeights: [0, 1.5] })).toThrow(/1\.5/);
    expect(() => new RefineryPlus({ blendWeight: -0.1 })).toThrow(/-0\.1/);
    expect(() => new RefineryPlus({ blendWeights: [] })).toThrow(/empty/);
  });
});
