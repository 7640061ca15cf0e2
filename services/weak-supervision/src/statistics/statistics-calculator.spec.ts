import { dataOf, rowOf, taskOf, type RowSpec } from '../test-support/views.js';
import { computeStatistics } from './statistics-calculator.js';

function matrixOf(kind: 'CLASSIFICATION' | 'MULTI_LABEL_CLASSIFICATION', records: RowSpec[]) {
  return dataOf(taskOf(kind, ['yes', 'no']), records);
}

describe('computeStatistics', () => {
  // r0: a→yes, b→no (ref yes) | r1: a→yes (ref no) | r2: b→no
  const records = [rowOf('r0', ['a|yes', 'b|no'], ['yes']), rowOf('r1', ['a|yes'], ['no']), rowOf('r2', ['b|no'])];

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
    const stats = computeStatistics(matrixOf('MULTI_LABEL_CLASSIFICATION', [rowOf('r0', ['a|yes', 'a|no'], ['yes'])]), []);
    expect(stats.map((s) => [s.labelId, s.truePositives, s.falsePositives])).toEqual([
      ['yes', 1, 0],
      ['no', 0, 1],
    ]);
  });

  it('counts extraction spans at token level', () => {
    const sm = dataOf(taskOf('EXTRACTION', ['city']), [rowOf('r0', ['lookup|city#0-1'], ['city#0-0'])]);
    // tokens {0, 1} against the reference {0}: TP 1, FP 1
    expect(computeStatistics(sm, [])).toEqual([
      expect.objectContaining({ sourceId: 'lookup', labelId: 'city', coverage: 1, hits: 1, truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 }),
    ]);
    expect(computeStatistics(sm, ['lookup'])[0]).toMatchObject({ support: 0, precision: null, recall: null });
  });
});
