import { pageOf, rowOf, taskOf } from '../test-support/views.js';
import { TaskDataCollector } from './task-data-collector.js';

describe('TaskDataCollector', () => {
  it('numbers records across pages, labels in task order and heuristics sorted, from each page’s own dictionaries', () => {
    const c = new TaskDataCollector(taskOf('CLASSIFICATION', ['yes', 'no']));
    // page 1 names lf-b first and "yes" first; page 2 names lf-a first and "no" first
    c.add(pageOf([rowOf('r0', ['lf-b|yes', 'lf-a|no@0.25'], ['yes']), rowOf('r1')]));
    c.add(pageOf([rowOf('r2', ['lf-a|no', 'lf-a|deleted-label', 'team|x|yes@0.9'], ['no', 'yes', 'no'])]));
    expect(c.records).toBe(3);
    const tm = c.build();
    expect(tm).toMatchObject({ shape: 'votes', recordIds: ['r0', 'r1', 'r2'], labelIds: ['yes', 'no'], heuristicIds: ['lf-a', 'lf-b', 'team|x'] });
    if (tm.shape !== 'votes') throw new Error('expected votes');
    expect(tm.votes).toEqual([
      { record: 0, heuristic: 1, label: 0 },
      { record: 0, heuristic: 0, label: 1, confidence: 0.25 },
      { record: 2, heuristic: 0, label: 1 },
      { record: 2, heuristic: 2, label: 0, confidence: 0.9 },
    ]);
    // references of unknown labels are dropped, duplicates kept once, sorted
    expect([...tm.reference]).toEqual([
      [0, [0]],
      [2, [0, 1]],
    ]);
  });

  it('collects extraction votes and references as inclusive token spans with their confidences', () => {
    const c = new TaskDataCollector(taskOf('EXTRACTION', ['city', 'verb']));
    c.add(pageOf([rowOf('r0'), rowOf('r1', ['lookup|city#0-0', 'lookup|city#2-2', 'learner|verb@0.6#1-1'], ['city#2-2'])]));
    const sm = c.build();
    if (sm.shape !== 'spans') throw new Error('expected spans');
    expect(sm.heuristicIds).toEqual(['learner', 'lookup']);
    expect(sm.spans).toEqual([
      { record: 1, label: 0, start: 0, end: 0, heuristic: 1 },
      { record: 1, label: 0, start: 2, end: 2, heuristic: 1 },
      { record: 1, label: 1, start: 1, end: 1, heuristic: 0, confidence: 0.6 },
    ]);
    expect([...sm.reference.annotatedRecords]).toEqual([1]);
    expect(sm.reference.spans).toEqual([{ record: 1, label: 0, start: 2, end: 2 }]);
  });

  it('accepts an extraction page without token arrays when it has no spans', () => {
    const c = new TaskDataCollector(taskOf('EXTRACTION', ['city']));
    c.add(pageOf([rowOf('r0')]));
    expect(c.build()).toMatchObject({ shape: 'spans', recordIds: ['r0'], spans: [] });
  });

  it('refuses an inconsistent page, naming the field', () => {
    const c = new TaskDataCollector(taskOf('CLASSIFICATION', ['yes']));
    expect(() => c.add(pageOf([rowOf('r0', ['a|yes'])], { indptr: [0, 2] }))).toThrow(/indptr\[1\] is 2 but there are 1 votes/);
    expect(c.records).toBe(0);
  });
});
