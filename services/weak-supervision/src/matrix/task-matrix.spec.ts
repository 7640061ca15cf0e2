import { dataOf, rowOf, taskOf } from '../test-support/views.js';
import { learnerExclusions, selectHeuristics, singleLabelView, type TaskMatrix } from './task-matrix.js';

describe('task matrix views', () => {
  const build = (): TaskMatrix => {
    const data = dataOf(
      taskOf('CLASSIFICATION', ['yes', 'no']),
      [rowOf('r0', ['lf-b|yes', 'lf-a|no@0.25'], ['yes']), rowOf('r1')],
      [rowOf('r2', ['lf-a|yes'], ['no', 'yes']), rowOf('r3', ['team|x|no@0.9'])],
    );
    if (data.shape !== 'votes') throw new Error('expected votes');
    return data;
  };

  it('gives single-label models a CSR matrix with the votes’ confidences and one reference per record (two mean the annotators disagree)', () => {
    const { matrix, reference } = singleLabelView(build());
    expect(matrix).toMatchObject({ nRecords: 4, nHeuristics: 3, nClasses: 2 });
    expect(Array.from(matrix.indptr)).toEqual([0, 2, 2, 3, 4]);
    expect(Array.from(matrix.confidence ?? [])).toEqual([1, 0.25, 1, 0.9]);
    expect([...reference]).toEqual([[0, 0]]);
  });

  it('has no confidence array when every vote is confident', () => {
    const data = dataOf(taskOf('CLASSIFICATION', ['yes', 'no']), [rowOf('r0', ['a|yes', 'b|no@1'])]);
    if (data.shape !== 'votes') throw new Error('expected votes');
    expect(singleLabelView(data).matrix.confidence).toBeNull();
  });

  it('keeps only the chosen heuristics, renumbered, with their confidences', () => {
    const tm = selectHeuristics(build(), ['team|x', 'lf-b', 'unknown']);
    expect(tm.heuristicIds).toEqual(['lf-b', 'team|x']);
    expect(tm.votes).toEqual([
      { record: 0, heuristic: 0, label: 0 },
      { record: 3, heuristic: 1, label: 1, confidence: 0.9 },
    ]);
    expect(selectHeuristics(build(), null).heuristicIds).toHaveLength(3);
  });

  it('excludes every reference record from the support of a learner whose training records are unknown', () => {
    const ex = learnerExclusions(build(), ['lf-b']);
    expect(ex[0]).toBeUndefined();
    expect([...(ex[1] ?? [])]).toEqual([0, 2]);
  });

  it('excludes only the records a learner trained on when the heuristics service knows them', () => {
    const tm = build();
    // lf-a trained on r2 (and on a record the matrix no longer has); lf-b is listed but its training is known to be r0
    const ex = learnerExclusions(tm, ['lf-b'], new Map([['lf-a', ['r2', 'gone']], ['lf-b', ['r0']]]));
    expect(tm.heuristicIds).toEqual(['lf-a', 'lf-b', 'team|x']);
    expect([...(ex[0] ?? [])]).toEqual([2]);
    expect([...(ex[1] ?? [])]).toEqual([0]);
    expect(ex[2]).toBeUndefined();
  });
});
