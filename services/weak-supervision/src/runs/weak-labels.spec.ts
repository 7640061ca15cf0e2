import { spanMatrix } from '../matrix/span-matrix.js';
import { TaskMatrixBuilder } from '../matrix/task-matrix.js';
import { recordOf, taskOf } from '../test-support/views.js';
import { qualityNow, weakLabels } from './weak-labels.js';

const sigma = (x: number) => 1 / (1 + Math.exp(-7 * x + 3));
const options = { model: 'refinery-voting' as const, activeLearnerSourceIds: [], includeUncovered: false, folds: 5 };

function tmOf(kind: 'CLASSIFICATION' | 'MULTI_LABEL_CLASSIFICATION', records: ReturnType<typeof recordOf>[]) {
  const b = new TaskMatrixBuilder(taskOf(kind, ['yes', 'no']));
  b.add(records);
  return b.build();
}

describe('weakLabels', () => {
  // no references: every precision is refinery's 0.8
  const records = [recordOf('r0', ['a|yes', 'b|yes']), recordOf('r1', ['a|yes', 'b|no']), recordOf('r2', ['b|no']), recordOf('r3', [])];

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
    const withRefs = [recordOf('r0', ['a|yes'], ['yes']), recordOf('r1', ['a|yes', 'b|no'], ['no']), recordOf('r2', ['b|no'], ['no'])];
    expect(qualityNow(weakLabels(tmOf('CLASSIFICATION', withRefs), options))).toMatchObject({ folds: 3, evaluated: 3 });
  });

  it('gives multi-label tasks every label whose noisy-or probability reaches 0.5', () => {
    const out = weakLabels(tmOf('MULTI_LABEL_CLASSIFICATION', [recordOf('r0', ['a|yes', 'a|no', 'b|no'])]), options);
    expect(out.aggregator).toBe('multi-label-noisy-or');
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'yes', confidence: 0.8 },
      { recordId: 'r0', labelId: 'no', confidence: expect.closeTo(1 - 0.2 * 0.2, 6) },
    ]);
  });

  it('aggregates extraction spans and writes them back in characters (hand-computed)', () => {
    // "Berlin beats Paris": two lookups mark Berlin as city, one marks "beats Paris" as city too
    const association = (sourceId: string, start: number, end: number) =>
      ({ id: `${sourceId}${start}`, recordId: 'r0', taskId: 't', labelId: 'city', source: 'HEURISTIC', userId: null, sourceId, confidence: null, start, end, text: null, createdAt: '2026-01-01T00:00:00.000Z' }) as const;
    const sm = spanMatrix(taskOf('EXTRACTION', ['city']), ['r0'], [
      { index: 0, tokens: { starts: [0, 7, 13], ends: [6, 12, 18] }, associations: [association('a', 0, 6), association('b', 0, 6), association('b', 7, 18)], reference: [] },
    ]);
    const out = weakLabels(sm, options);
    // no references: precision 0.8 each; chunk [Berlin] noisy-or 1 − 0.2² = 0.96, chunk [beats Paris] 0.8
    expect(out.items).toEqual([
      { recordId: 'r0', labelId: 'city', confidence: 0.96, start: 0, end: 6 },
      { recordId: 'r0', labelId: 'city', confidence: 0.8, start: 7, end: 18 },
    ]);
    expect(out).toMatchObject({ aggregator: 'extraction-token-nms', covered: 1, quality: null, distribution: { city: 2 } });
  });

  it('refuses a matrix without heuristics', () => {
    expect(() => weakLabels(tmOf('CLASSIFICATION', [recordOf('r0', [])]), options)).toThrow(/payload.heuristicIds: no chosen heuristic/);
  });
});
