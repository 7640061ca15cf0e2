import { dataOf, rowOf, taskOf, type RowSpec } from '../test-support/views.js';
import { qualityNow, recordsWithSpans, toBulkItems, weakLabels } from './weak-labels.js';

const sigma = (x: number) => 1 / (1 + Math.exp(-7 * x + 3));
const options = { model: 'refinery-voting' as const, activeLearnerSourceIds: [], includeUncovered: false, folds: 5 };

function tmOf(kind: 'CLASSIFICATION' | 'MULTI_LABEL_CLASSIFICATION', records: RowSpec[]) {
  return dataOf(taskOf(kind, ['yes', 'no']), records);
}

describe('weakLabels', () => {
  // no references: every precision is refinery's 0.8
  const records = [rowOf('r0', ['a|yes', 'b|yes']), rowOf('r1', ['a|yes', 'b|no']), rowOf('r2', ['b|no']), rowOf('r3', [])];

  it('labels the covered records with the model’s confidence (refinery parity, hand-computed)', () => {
    const out = weakLabels(tmOf('CLASSIFICATION', records), options);
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'yes', confidence: expect.closeTo(sigma(1.6), 6) },
      // a tie (0.8 vs 0.8): margin 0; the class prior (3 yes votes to 2) picks yes, σ(0) ≈ 0.047
      { recordId: 'r1', labelId: 'yes', confidence: expect.closeTo(sigma(0), 6) },
      { recordId: 'r2', labelId: 'no', confidence: expect.closeTo(sigma(0.8), 6) },
    ]);
    expect(out).toMatchObject({ covered: 3, distribution: { yes: 2, no: 1 }, aggregator: 'refinery-voting' });
    expect(qualityNow(out)).toBeNull(); // no reference labels
    expect(out.meanConfidence).toBeCloseTo((sigma(1.6) + sigma(0) + sigma(0.8)) / 3, 6);
  });

  it('labels uncovered records too when asked (class prior)', () => {
    const out = weakLabels(tmOf('CLASSIFICATION', records), { ...options, includeUncovered: true });
    expect(out.items.map((i) => i.recordId)).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('reports held-out quality once there are two reference labels', () => {
    const withRefs = [rowOf('r0', ['a|yes'], ['yes']), rowOf('r1', ['a|yes', 'b|no'], ['no']), rowOf('r2', ['b|no'], ['no'])];
    expect(qualityNow(weakLabels(tmOf('CLASSIFICATION', withRefs), options))).toMatchObject({ folds: 3, evaluated: 3 });
  });

  it('gives multi-label tasks every label whose noisy-or probability reaches 0.5', () => {
    const out = weakLabels(tmOf('MULTI_LABEL_CLASSIFICATION', [rowOf('r0', ['a|yes', 'a|no', 'b|no'])]), options);
    expect(out.aggregator).toBe('multi-label-noisy-or');
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'yes', confidence: 0.8 },
      { recordId: 'r0', labelId: 'no', confidence: expect.closeTo(1 - 0.2 * 0.2, 6) },
    ]);
  });

  it('weighs each vote by its confidence (an active learner’s probability)', () => {
    // refinery voting: r0 a→yes (0.8·1) vs learner→no (0.8·0.5): margin 0.4; r1 learner alone 0.8·0.5
    const out = weakLabels(tmOf('CLASSIFICATION', [rowOf('r0', ['a|yes', 'learner|no@0.5']), rowOf('r1', ['learner|no@0.5'])]), options);
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'yes', confidence: expect.closeTo(sigma(0.8 - 0.4), 6) },
      { recordId: 'r1', labelId: 'no', confidence: expect.closeTo(sigma(0.4), 6) },
    ]);
  });

  it('weighs multi-label votes by their confidence in the noisy-or', () => {
    const out = weakLabels(tmOf('MULTI_LABEL_CLASSIFICATION', [rowOf('r0', ['a|yes@0.5', 'b|yes@0.5', 'a|no@0.25'])]), options);
    // yes: 1 − (1 − 0.8·0.5)² = 0.64 ≥ 0.5; no: 0.8·0.25 = 0.2 < 0.5
    expect(out.items).toEqual([{ recordId: 'r0', labelId: 'yes', confidence: expect.closeTo(0.64, 6) }]);
  });

  it('aggregates extraction spans as token ranges and writes them back in characters (hand-computed)', () => {
    // "Berlin beats Paris": two lookups mark Berlin as city, one marks "beats Paris" as city too
    const sm = dataOf(taskOf('EXTRACTION', ['city']), [rowOf('r0', ['a|city#0-0', 'b|city#0-0', 'b|city#1-2']), rowOf('r1')]);
    const out = weakLabels(sm, options);
    // no references: precision 0.8 each; chunk [Berlin] noisy-or 1 − 0.2² = 0.96, chunk [beats Paris] 0.8
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'city', confidence: 0.96, tokens: { start: 0, end: 0 } },
      { recordId: 'r0', labelId: 'city', confidence: 0.8, tokens: { start: 1, end: 2 } },
    ]);
    expect(out).toMatchObject({ aggregator: 'extraction-token-nms', covered: 1, quality: null, distribution: { city: 2 } });
    expect(recordsWithSpans(out.items)).toEqual(['r0']);
    expect(toBulkItems(out.items, new Map([['r0', { starts: [0, 7, 13], ends: [6, 12, 18] }]]))).toEqual([
      { recordId: 'r0', labelId: 'city', confidence: 0.96, start: 0, end: 6 },
      { recordId: 'r0', labelId: 'city', confidence: 0.8, start: 7, end: 18 },
    ]);
  });

  it('weighs extraction spans by their confidence', () => {
    const out = weakLabels(dataOf(taskOf('EXTRACTION', ['city']), [rowOf('r0', ['a|city#0-0', 'learner|city@0.5#0-0'])]), options);
    // noisy-or 1 − (1 − 0.8)(1 − 0.8·0.5) = 0.88
    expect(out.items).toEqual([{ recordId: 'r0', labelId: 'city', confidence: 0.88, tokens: { start: 0, end: 0 } }]);
  });

  it('refuses to write a span of a record whose tokens were not read', () => {
    expect(() => toBulkItems([{ recordId: 'r9', labelId: 'city', confidence: 1, tokens: { start: 0, end: 0 } }])).toThrow('no tokens read for record r9');
  });

  it('passes classification labels through unchanged', () => {
    expect(toBulkItems([{ recordId: 'r0', labelId: 'yes', confidence: 0.5 }])).toEqual([{ recordId: 'r0', labelId: 'yes', confidence: 0.5 }]);
  });

  it('refuses a matrix without heuristics', () => {
    expect(() => weakLabels(tmOf('CLASSIFICATION', [rowOf('r0', [])]), options)).toThrow(/payload.heuristicIds: no chosen heuristic/);
  });
});
