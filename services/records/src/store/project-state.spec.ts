import { ProjectState, type StoredAssociation, type StoredRecord } from './project-state.js';

const rec = (id: string, seq: number, key = `[${seq}]`): StoredRecord => ({ recordId: id, seq, key, data: { n: seq }, tokens: {} });

let nextId = 0;
const assoc = (over: Partial<StoredAssociation> & Pick<StoredAssociation, 'recordId' | 'labelId'>): StoredAssociation => ({
  _id: `a${++nextId}`,
  taskId: 't1',
  source: 'MANUAL',
  userId: 'ada',
  sourceId: null,
  confidence: null,
  start: null,
  end: null,
  text: null,
  generation: 1,
  createdAt: new Date(1_000 + nextId),
  ...over,
});

function project(committed = new Set([1])): ProjectState {
  const s = new ProjectState(1, committed);
  [rec('r1', 0), rec('r2', 1), rec('r3', 2)].forEach((r) => s.putRecord(r));
  return s;
}

let opSeq = 0;
const op = (s: ProjectState, o: Parameters<ProjectState['apply']>[0]['op']) => s.apply({ id: `op${++opSeq}`, op: o });

describe('ProjectState', () => {
  it('pages records in seq order and finds them by key', () => {
    const s = new ProjectState(1, new Set([1]));
    [rec('c', 20), rec('a', 0), rec('b', 10)].forEach((r) => s.putRecord(r));
    expect(s.page(-1, 2).map((r) => r.recordId)).toEqual(['a', 'b']);
    expect(s.page(0, 10).map((r) => r.recordId)).toEqual(['b', 'c']);
    expect(s.page(10, 10).map((r) => r.recordId)).toEqual(['c']);
    expect(s.page(20, 10)).toEqual([]);
    expect(s.maxSeq()).toBe(20);
    s.putRecord({ ...rec('b', 10), key: '[new]' });
    expect(s.recordByKey('[10]')).toBeUndefined();
    expect(s.recordByKey('[new]')?.recordId).toBe('b');
  });

  it("replaces one annotator's classification and leaves other annotators, gold and spans alone", () => {
    const s = project();
    const mine = assoc({ recordId: 'r1', labelId: 'yes' });
    const theirs = assoc({ recordId: 'r1', labelId: 'no', userId: 'bob' });
    const gold = assoc({ recordId: 'r1', labelId: 'no', source: 'GOLD', userId: 'carl' });
    const span = assoc({ recordId: 'r1', labelId: 'city', start: 0, end: 4, text: 'Bonn' });
    op(s, { t: 'add', gen: 1, items: [mine, theirs, gold, span] });
    const again = assoc({ recordId: 'r1', labelId: 'no' });
    op(s, { t: 'replace', gen: 1, owners: [{ recordId: 'r1', taskId: 't1', source: 'MANUAL', userId: 'ada' }], items: [again] });
    expect(s.associationsOf('r1').map((a) => a._id).sort()).toEqual([theirs._id, gold._id, span._id, again._id].sort());
    // An empty replace clears; gold belongs to the team whoever sets it.
    op(s, { t: 'replace', gen: 1, owners: [{ recordId: 'r1', taskId: 't1', source: 'GOLD', userId: null }], items: [] });
    expect(s.associationsOf('r1').map((a) => a._id).sort()).toEqual([theirs._id, span._id, again._id].sort());
  });

  it('ignores ops of generations that never committed and applies each op once', () => {
    const s = project(new Set([1]));
    s.apply({ id: 'x', op: { t: 'add', gen: 2, items: [assoc({ recordId: 'r1', labelId: 'yes' })] } });
    expect(s.associationsOf('r1')).toEqual([]);
    const a = assoc({ recordId: 'r2', labelId: 'yes' });
    s.apply({ id: 'y', op: { t: 'add', gen: 1, items: [a] } });
    s.apply({ id: 'y', op: { t: 'remove', gen: 1, ids: [a._id] } });
    expect(s.associationsOf('r2')).toEqual([a]);
    s.apply({ id: 'z', op: { t: 'remove', gen: 1, ids: [a._id] } });
    expect(s.associationsOf('r2')).toEqual([]);
  });

  it('edits records only in their generation, and voids the spans of edited text in any', () => {
    const s = project();
    const span = assoc({ recordId: 'r1', labelId: 'city', start: 0, end: 4 });
    const label = assoc({ recordId: 'r1', labelId: 'yes' });
    op(s, { t: 'add', gen: 1, items: [span, label] });
    op(s, { t: 'record-update', gen: 0, records: [{ ...rec('r1', 0), data: { n: 'old gen' } }], voidSpans: [] });
    expect(s.records.get('r1')?.data).toEqual({ n: 0 });
    op(s, { t: 'record-update', gen: 1, records: [{ ...rec('r1', 0), data: { n: 'edited' } }], voidSpans: [{ recordId: 'r1', taskIds: ['t1'] }] });
    expect(s.records.get('r1')?.data).toEqual({ n: 'edited' });
    expect(s.associationsOf('r1')).toEqual([label]);
  });

  it('deletes records with their labels and source outputs', () => {
    const s = project();
    op(s, { t: 'add', gen: 1, items: [assoc({ recordId: 'r2', labelId: 'yes' })] });
    const outputs = [assoc({ recordId: 'r2', labelId: 'yes', source: 'HEURISTIC', sourceId: 'lf', userId: null }), assoc({ recordId: 'r3', labelId: 'no', source: 'HEURISTIC', sourceId: 'lf', userId: null })];
    s.setSource('HEURISTIC:lf', { source: 'HEURISTIC', sourceId: 'lf', generation: 1, byRecord: new Map([['r2', [outputs[0]!]], ['r3', [outputs[1]!]]]), count: 2 });
    op(s, { t: 'record-delete', gen: 1, recordIds: ['r2'] });
    expect(s.records.has('r2')).toBe(false);
    expect(s.associationsOf('r2')).toEqual([]);
    expect(s.source('HEURISTIC:lf')?.count).toBe(1);
    expect(s.page(-1, 10).map((r) => r.recordId)).toEqual(['r1', 'r3']);
  });

  it('drops a label or a task from every source', () => {
    const s = project();
    op(s, { t: 'add', gen: 1, items: [assoc({ recordId: 'r1', labelId: 'yes' }), assoc({ recordId: 'r2', labelId: 'no' }), assoc({ recordId: 'r3', labelId: 'x', taskId: 't2' })] });
    const h = assoc({ recordId: 'r1', labelId: 'yes', source: 'HEURISTIC', sourceId: 'lf', userId: null });
    s.setSource('HEURISTIC:lf', { source: 'HEURISTIC', sourceId: 'lf', generation: 1, byRecord: new Map([['r1', [h]]]), count: 1 });
    expect(s.recordIdsWithLabel('yes')).toEqual(['r1']);
    expect(s.countWhere((a) => a.labelId === 'yes')).toBe(2);
    op(s, { t: 'drop-label', gen: 1, labelId: 'yes' });
    expect(s.countWhere((a) => a.labelId === 'yes')).toBe(0);
    expect(s.source('HEURISTIC:lf')?.count).toBe(0);
    op(s, { t: 'drop-task', gen: 1, taskId: 't2' });
    expect(s.associationsOf('r3')).toEqual([]);
    expect(s.countLive('MANUAL')).toBe(1);
  });
});
