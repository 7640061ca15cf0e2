import { labelMatrixFromDense } from '../matrix.js';
import { DawidSkene, type DawidSkeneParameters, dawidSkenePosterior, dawidSkeneTables } from './dawid-skene.js';

describe('DawidSkene with abstentions', () => {
  // K = 2, one heuristic: θ[y=0] = (vote 0: 0.6, vote 1: 0.1, abstain: 0.3), θ[y=1] = (0.1, 0.5, 0.4); π = (0.5, 0.5)
  const params: DawidSkeneParameters = {
    nHeuristics: 1,
    nClasses: 2,
    logPrior: Float64Array.from([0.5, 0.5], Math.log),
    logTheta: Float64Array.from([0.6, 0.1, 0.3, 0.1, 0.5, 0.4], Math.log),
    iterations: 1,
  };
  const tables = dawidSkeneTables(params);

  it('computes the posterior of a vote and of an abstention by hand', () => {
    const m = labelMatrixFromDense([[1], [-1]], 2);
    const row = new Float64Array(2);
    dawidSkenePosterior(tables, m, 0, row);
    expect(row[1]).toBeCloseTo(0.5 / 0.6, 12); // 0.5·0.5 / (0.5·0.1 + 0.5·0.5)
    dawidSkenePosterior(tables, m, 1, row);
    expect(row[0]).toBeCloseTo(0.3 / 0.7, 12); // abstaining is evidence: 0.3 vs 0.4
    dawidSkenePosterior(tables, m, 0, row, (h) => h === 0);
    expect(row[0]).toBeCloseTo(0.5, 12); // the heuristic marginalised out → the prior
  });

  it('does not collapse when every heuristic votes one class only (WRENCH-like)', () => {
    // 3 classes × 60 records; heuristics 2c, 2c+1 vote c on 80 % / 60 % of class c and on 1 in 20 others
    const rows: number[][] = [];
    const truth: number[] = [];
    for (let i = 0; i < 180; i++) {
      const y = i % 3;
      const j = Math.floor(i / 3);
      truth.push(y);
      rows.push(
        Array.from({ length: 6 }, (_, h) => {
          const c = Math.floor(h / 2);
          const rate = h % 2 === 0 ? 8 : 6;
          if (c === y) return (j + h) % 10 < rate ? c : -1;
          return (j + h) % 20 === 0 ? c : -1;
        }),
      );
    }
    const m = labelMatrixFromDense(rows, 3);
    const p = new DawidSkene().fit(m).predict(m);
    const correct = truth.filter((y, i) => p.labels[i] === y).length;
    expect(correct / truth.length).toBeGreaterThan(0.85);
    for (let c = 0; c < 3; c++) expect(Array.from(p.labels).filter((l) => l === c).length).toBeGreaterThan(40);
  });

  it('gives records without votes the all-abstain posterior', () => {
    const m = labelMatrixFromDense([[1, -1], [1, 1], [0, -1], [-1, -1]], 2);
    const model = new DawidSkene().fit(m);
    const row = new Float64Array(2);
    dawidSkenePosterior(dawidSkeneTables(model.parameters!), m, 3, row);
    const p = model.predict(m);
    expect(p.probabilities[6]).toBeCloseTo(row[0]!, 12);
    expect(p.probabilities[6]! + p.probabilities[7]!).toBeCloseTo(1, 12);
  });

  it('predicts the fitted matrix exactly as a fresh copy of it (posterior cache)', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [i % 2, i % 3 === 0 ? 1 : -1, i % 5 === 0 ? -1 : i % 2]);
    const m = labelMatrixFromDense(rows, 2);
    const model = new DawidSkene().fit(m, { reference: new Map([[0, 1]]) });
    const same = model.predict(m);
    const copy = model.predict(labelMatrixFromDense(rows, 2));
    for (let k = 0; k < same.probabilities.length; k++) expect(same.probabilities[k]).toBeCloseTo(copy.probabilities[k]!, 12);
  });

  it('counts a reference record with its free posterior for a heuristic trained on it', () => {
    // record 0: h0 votes 1 but the reference says 0; excluded, h0 is not told it was wrong there
    const rows = [[1, 1], [1, 1], [0, 0], [0, 0], [1, -1]];
    const m = labelMatrixFromDense(rows, 2);
    const reference = new Map([[0, 0]]);
    const wrong = (model: DawidSkene): number => Math.exp(model.parameters!.logTheta[(0 * 2 + 0) * 3 + 1]!); // θ_h0[y=0][vote 1]
    const plain = new DawidSkene().fit(m, { reference });
    const excluded = new DawidSkene().fit(m, { reference, excludeFromSupport: [new Set([0])] });
    expect(wrong(excluded)).toBeLessThan(wrong(plain));
  });

  it('rejects invalid options', () => {
    expect(() => new DawidSkene({ priorAccuracy: 1 })).toThrow(/priorAccuracy/);
    expect(() => new DawidSkene({ priorStrength: 0 })).toThrow(/priorStrength/);
    expect(() => new DawidSkene({ maxIterations: 0 })).toThrow(/maxIterations/);
  });
});
