import { aggregateMultiLabel } from './multi-label.js';

describe('aggregateMultiLabel', () => {
  it('combines per-label votes by noisy-or with precision 0.8 without references', () => {
    const r = aggregateMultiLabel(2, 2, 3, [
      { record: 0, heuristic: 0, label: 0 },
      { record: 0, heuristic: 1, label: 0 },
      { record: 0, heuristic: 1, label: 2 },
      { record: 1, heuristic: 0, label: 1, confidence: 0.5 },
    ]);
    expect(r.probabilities[0]).toBeCloseTo(1 - 0.2 * 0.2, 12);
    expect(r.probabilities[2]).toBeCloseTo(0.8, 12);
    expect(r.probabilities[4]).toBeCloseTo(0.4, 12);
    expect(r.labels).toEqual([[0, 2], []]);
  });
  it('learns a low precision from annotated records and drops that label', () => {
    const r = aggregateMultiLabel(
      2,
      1,
      2,
      [
        { record: 0, heuristic: 0, label: 0 },
        { record: 1, heuristic: 0, label: 0 },
      ],
      { reference: new Map([[0, [1]]]) },
    );
    // FP on record 0: pooled (0+1)/(1+2) = 1/3; a = (0 + 2/3) / 3 = 2/9
    expect(r.precision[0]).toBeCloseTo(2 / 9, 12);
    expect(r.labels[1]).toEqual([]);
  });
});
