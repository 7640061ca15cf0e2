import { aggregateExtraction, extractionStatistics, type HeuristicSpan } from './extraction.js';

describe('extractionStatistics', () => {
  it('computes token-level precision/recall exactly for a source with a single span', () => {
    const spans: HeuristicSpan[] = [{ record: 0, heuristic: 0, label: 0, start: 1, end: 3 }];
    const [s] = extractionStatistics(spans, {
      reference: { annotatedRecords: new Set([0]), spans: [{ record: 0, label: 0, start: 2, end: 5 }] },
    });
    // tokens {1,2,3} vs reference {2,3,4,5}: TP 2, FP 1, FN 2
    expect(s).toMatchObject({ coverage: 1, hits: 1, truePositives: 2, falsePositives: 1, falseNegatives: 2, support: 3 });
    expect(s!.precision).toBeCloseTo(2 / 3, 12);
    expect(s!.recall).toBeCloseTo(0.5, 12);
  });
  it('counts overlaps and conflicts with other heuristics only', () => {
    const spans: HeuristicSpan[] = [
      { record: 0, heuristic: 0, label: 0, start: 0, end: 1 },
      { record: 0, heuristic: 0, label: 0, start: 1, end: 2 },
      { record: 0, heuristic: 1, label: 1, start: 2, end: 2 },
      { record: 0, heuristic: 2, label: 0, start: 0, end: 0 },
    ];
    const stats = extractionStatistics(spans);
    expect(stats.find((s) => s.heuristic === 0)).toMatchObject({ hits: 2, overlaps: 2, conflicts: 1 });
    expect(stats.find((s) => s.heuristic === 1)).toMatchObject({ overlaps: 1, conflicts: 1 });
    expect(stats.find((s) => s.heuristic === 2)).toMatchObject({ overlaps: 1, conflicts: 0 });
  });
});

describe('aggregateExtraction', () => {
  it('merges overlapping spans of a label and suppresses weaker overlapping chunks', () => {
    const spans: HeuristicSpan[] = [
      { record: 0, heuristic: 0, label: 0, start: 0, end: 1 },
      { record: 0, heuristic: 1, label: 0, start: 1, end: 2 },
      { record: 0, heuristic: 2, label: 1, start: 2, end: 3 },
      { record: 1, heuristic: 2, label: 1, start: 4, end: 4 },
    ];
    const out = aggregateExtraction(spans);
    // label 0 chunk [0,2]: 1 − 0.2² = 0.96 beats label 1 chunk [2,3] (0.8) which overlaps it
    expect(out).toEqual([
      { record: 0, label: 0, start: 0, end: 2, confidence: expect.closeTo(0.96, 12) },
      { record: 1, label: 1, start: 4, end: 4, confidence: expect.closeTo(0.8, 12) },
    ]);
    expect(aggregateExtraction(spans, { minConfidence: 0.9 })).toHaveLength(1);
  });
});
