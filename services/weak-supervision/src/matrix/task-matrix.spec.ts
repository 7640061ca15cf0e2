import { recordOf, taskOf } from '../test-support/views.js';
import { learnerExclusions, selectHeuristics, singleLabelView, TaskMatrixBuilder } from './task-matrix.js';

describe('TaskMatrixBuilder', () => {
  const task = taskOf('CLASSIFICATION', ['yes', 'no']);
  const build = () => {
    const b = new TaskMatrixBuilder(task);
    b.add([recordOf('r0', ['lf-b|yes', 'lf-a|no'], ['yes']), recordOf('r1', [])]);
    b.add([recordOf('r2', ['lf-a|yes', 'lf-a|deleted-label', 'no-separator'], ['no', 'yes']), recordOf('r3', ['team|x|no'])]);
    return b.build();
  };

  it('indexes records in page order, labels in task order and heuristics sorted', () => {
    const tm = build();
    expect(tm.recordIds).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(tm.labelIds).toEqual(['yes', 'no']);
    // a source id may itself contain "|": the label id is after the last one
    expect(tm.heuristicIds).toEqual(['lf-a', 'lf-b', 'team|x']);
    expect(tm.votes).toEqual([
      { record: 0, heuristic: 1, label: 0 },
      { record: 0, heuristic: 0, label: 1 },
      { record: 2, heuristic: 0, label: 0 },
      { record: 3, heuristic: 2, label: 1 },
    ]);
    expect([...tm.reference]).toEqual([
      [0, [0]],
      [2, [0, 1]],
    ]);
  });

  it('gives single-label models one reference per record (two mean the annotators disagree)', () => {
    const { matrix, reference } = singleLabelView(build());
    expect(matrix).toMatchObject({ nRecords: 4, nHeuristics: 3, nClasses: 2 });
    expect(Array.from(matrix.indptr)).toEqual([0, 2, 2, 3, 4]);
    expect([...reference]).toEqual([[0, 0]]);
  });

  it('keeps only the chosen heuristics, renumbered', () => {
    const tm = selectHeuristics(build(), ['team|x', 'lf-b', 'unknown']);
    expect(tm.heuristicIds).toEqual(['lf-b', 'team|x']);
    expect(tm.votes).toEqual([
      { record: 0, heuristic: 0, label: 0 },
      { record: 3, heuristic: 1, label: 1 },
    ]);
    expect(selectHeuristics(build(), null).heuristicIds).toHaveLength(3);
  });

  it('excludes every reference record from an active learner’s support', () => {
    const ex = learnerExclusions(build(), ['lf-b']);
    expect(ex[0]).toBeUndefined();
    expect([...(ex[1] ?? [])]).toEqual([0, 2]);
  });
});
