import { spanMatrix } from '../matrix/span-matrix.js';
import { TaskMatrixBuilder } from '../matrix/task-matrix.js';
import { recordOf, taskOf } from '../test-support/views.js';
import { computeStatistics } from './statistics-calculator.js';

function matrixOf(kind: 'CLASSIFICATION' | 'MULTI_LABEL_CLASSIFICATION', records: ReturnType<typeof recordOf>[]) {
  const b = new TaskMatrixBuilder(taskOf(kind, ['yes', 'no']));
  b.add(records);
  return b.build();
}

describe('computeStatistics', () => {
  // r0: a→yes, b→no (ref yes) | r1: a→yes (ref no) | r2: b→no
  const records = [recordOf('r0', ['a|yes', 'b|no'], ['yes']), recordOf('r1', ['a|yes'], ['no']), recordOf('r2', ['b|no'])];

  it('names heuristics and labels by id (hand-computed)', () => {
    const stats = computeStatistics(matrixOf('CLASSIFICATION', records), []);
    expect(stats).toEqual([
      expect.objectContaining({ sourceId: 'a', labelId: 'yes', coverage: 2, overlaps: 1, conflicts: 1, truePositives: 1, falsePositives: 1, precision: 0.5, recall: 1 }),
      expect.objectContaining({ sourceId: 'b', labelId: 'no', coverage: 2, overlaps: 1, conflicts: 1, truePositives: 0, falsePositives: 1, falseNegatives: 1, precision: 0, recall: 0 }),
    ]);
  });

  it('drops every reference record from an active learner’s support', () => {
    const [a] = computeStatistics(matrixOf('CLASSIFICATION', records), ['a']);
    expect(a).toMatchObject({ sourceId: 'a', support: 0, precision: null, recall: null });
  });

  it('counts a multi-label heuristic per label', () => {
    const stats = computeStatistics(matrixOf('MULTI_LABEL_CLASSIFICATION', [recordOf('r0', ['a|yes', 'a|no'], ['yes'])]), []);
    expect(stats.map((s) => [s.labelId, s.truePositives, s.falsePositives])).toEqual([
      ['yes', 1, 0],
      ['no', 0, 1],
    ]);
  });

  it('counts extraction spans at token level', () => {
    const sm = spanMatrix(taskOf('EXTRACTION', ['city']), ['r0'], [
      {
        index: 0,
        tokens: { starts: [0, 7, 13], ends: [6, 12, 18] },
        associations: [{ id: 'a', recordId: 'r0', taskId: 't', labelId: 'city', source: 'HEURISTIC', userId: null, sourceId: 'lookup', confidence: null, start: 0, end: 12, text: null, createdAt: '2026-01-01T00:00:00.000Z' }],
        reference: [{ taskId: 't', labelIds: ['city'], spans: [{ labelId: 'city', start: 0, end: 6 }] }],
      },
    ]);
    // tokens {0, 1} against the reference {0}: TP 1, FP 1
    expect(computeStatistics(sm, [])).toEqual([
      expect.objectContaining({ sourceId: 'lookup', labelId: 'city', coverage: 1, hits: 1, truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 }),
    ]);
    expect(computeStatistics(sm, ['lookup'])[0]).toMatchObject({ support: 0, precision: null, recall: null });
  });
});
