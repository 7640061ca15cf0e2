import { labelMatrixFromDense, labelMatrixFromVotes } from '../matrix.js';
import { DawidSkene } from './dawid-skene.js';
import { MajorityVote } from './majority-vote.js';
import { RefineryVoting } from './refinery-voting.js';
import { createLabelModel, LABEL_MODEL_NAMES } from './index.js';

describe('MajorityVote', () => {
  it('takes the most frequent vote and the prior class for records without votes', () => {
    const m = labelMatrixFromDense(
      [
        [1, 1, 0],
        [-1, -1, -1],
      ],
      3,
    );
    const p = new MajorityVote().fit(m, { reference: new Map([[0, 2]]) }).predict(m);
    expect(p.labels[0]).toBe(1);
    expect(p.confidence[0]).toBeCloseTo(2 / 3, 12);
    expect(p.labels[1]).toBe(2); // prior from references: class 2
  });
  it('breaks ties with a fixed-seed random choice (reproducible, not constant)', () => {
    const rows = Array.from({ length: 200 }, () => [0, 1]);
    const m = labelMatrixFromDense(rows, 2);
    const a = new MajorityVote().fit(m).predict(m).labels;
    const b = new MajorityVote().fit(m).predict(m).labels;
    const c = new MajorityVote({ seed: 7 }).fit(m).predict(m).labels;
    expect(Array.from(a)).toEqual(Array.from(b));
    const ones = a.reduce((s, x) => s + x, 0);
    expect(ones).toBeGreaterThan(60);
    expect(ones).toBeLessThan(140);
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});

describe('RefineryVoting', () => {
  // h0 precision on references: r0 (ref 0) TP, r1 (ref 1) FP → 0.5; h1 → class 1 on r1: TP → 1; h2 no support → 0.8
  const fitM = labelMatrixFromDense(
    [
      [0, -1, -1],
      [0, 1, -1],
    ],
    2,
  );
  const model = new RefineryVoting().fit(fitM, {
    reference: new Map([
      [0, 0],
      [1, 1],
    ]),
  });
  it('weights votes by precision and maps the margin through σ(7x−3)', () => {
    const p = model.predict(labelMatrixFromDense([[0, 1, -1]], 2));
    // scores: class0 0.5, class1 1.0 → margin 0.5 → 0.622
    expect(p.labels[0]).toBe(1);
    expect(p.confidence[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 12);
    expect(p.probabilities[0]! + p.probabilities[1]!).toBeCloseTo(1, 12);
  });
  it('uses precision 0.8 without reference support and multiplies by the vote confidence', () => {
    expect(model.predict(labelMatrixFromDense([[-1, -1, 1]], 2)).confidence[0]).toBeCloseTo(1 / (1 + Math.exp(-7 * 0.8 + 3)), 12);
    const withConf = labelMatrixFromVotes(1, 3, 2, [{ record: 0, heuristic: 2, vote: 1, confidence: 0.5 }]);
    expect(model.predict(withConf).confidence[0]).toBeCloseTo(1 / (1 + Math.exp(-7 * 0.4 + 3)), 12);
  });
});

describe('DawidSkene', () => {
  it('learns that an adversarial heuristic is informative where majority vote fails', () => {
    // truth alternates; h0 always right, h1 wrong on every 5th record, h2 always wrong
    const truth = Array.from({ length: 100 }, (_, i) => i % 2);
    const rows = truth.map((y, i) => [y, i % 5 === 0 ? 1 - y : y, 1 - y]);
    const m = labelMatrixFromDense(rows, 2);
    const ds = new DawidSkene().fit(m).predict(m);
    const mv = new MajorityVote().fit(m).predict(m);
    const acc = (l: Int32Array) => truth.filter((y, i) => l[i] === y).length;
    expect(acc(ds.labels)).toBe(100);
    expect(acc(mv.labels)).toBe(80);
  });
  it('clamps reference labels', () => {
    const m = labelMatrixFromDense([[0], [0], [1]], 2);
    const p = new DawidSkene().fit(m, { reference: new Map([[0, 1]]) });
    expect(p.predict(m).labels.length).toBe(3);
    expect(p.iterations).toBeGreaterThan(0);
  });
});

describe('common interface', () => {
  const m = labelMatrixFromDense(
    [
      [0, 0, -1],
      [1, -1, 1],
      [-1, -1, -1],
    ],
    2,
  );
  it.each(LABEL_MODEL_NAMES)('%s labels every record with normalised probabilities', (name) => {
    const p = createLabelModel(name).fit(m).predict(m);
    expect(p.labels.length).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(p.probabilities[i * 2]! + p.probabilities[i * 2 + 1]!).toBeCloseTo(1, 9);
      expect(p.labels[i]).toBeGreaterThanOrEqual(0);
    }
    expect(p.labels[0]).toBe(0);
    expect(p.labels[1]).toBe(1);
  });
  it.each(LABEL_MODEL_NAMES)('%s refuses to predict before fit or on other dimensions', (name) => {
    expect(() => createLabelModel(name).predict(m)).toThrow(/before fit/);
    const model = createLabelModel(name).fit(m);
    expect(() => model.predict(labelMatrixFromDense([[0, 0]], 2))).toThrow(/heuristics/);
  });
});
