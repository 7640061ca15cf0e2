import {
  EMPTY_POINTER,
  RECORDS_SCOPE,
  isCurrentWriter,
  sourceScope,
  visibleAssociations,
  type VersionedAssociation,
} from './generation-rules.js';

function a(partial: Partial<VersionedAssociation> & { id?: string }): VersionedAssociation & { id: string } {
  return { id: 'x', recordId: 'r1', taskId: 't1', source: 'MANUAL', userId: 'ada', sourceId: null, generation: 1, ...partial };
}

describe('generation bookkeeping', () => {
  it('lets only the current writer add to and commit its generation', () => {
    expect(isCurrentWriter({ committed: 1, latest: 3, writing: 3 }, 3)).toBe(true);
    expect(isCurrentWriter({ committed: 1, latest: 3, writing: 3 }, 2)).toBe(false);
    expect(isCurrentWriter({ committed: 3, latest: 3, writing: null }, 3)).toBe(false);
    expect(isCurrentWriter(EMPTY_POINTER, 0)).toBe(false);
  });

  it('names one scope per bulk source', () => {
    expect(sourceScope('HEURISTIC', 'lf-1')).toBe('HEURISTIC:lf-1');
    expect(sourceScope('WEAK_SUPERVISION', 'lf-1')).not.toBe(sourceScope('HEURISTIC', 'lf-1'));
  });
});

describe('visibleAssociations', () => {
  const committed = (map: Record<string, number>) => (scope: string) => map[scope] ?? 0;

  it('shows bulk outputs of exactly the committed generation of their source', () => {
    const rows = [
      a({ id: 'old', source: 'HEURISTIC', sourceId: 'lf', userId: null, generation: 1 }),
      a({ id: 'new', source: 'HEURISTIC', sourceId: 'lf', userId: null, generation: 2 }),
      a({ id: 'next', source: 'HEURISTIC', sourceId: 'lf', userId: null, generation: 3 }),
      a({ id: 'ws', source: 'WEAK_SUPERVISION', sourceId: 't1', userId: null, generation: 1 }),
    ];
    const visible = visibleAssociations(rows, committed({ 'HEURISTIC:lf': 2, 'WEAK_SUPERVISION:t1': 1 }));
    expect(visible.map((r) => (r as { id: string }).id)).toEqual(['new', 'ws']);
    expect(visibleAssociations(rows, committed({}))).toEqual([]);
  });

  it('hides labels of an uncommitted upload and lets a committed re-upload replace older ones', () => {
    const rows = [
      a({ id: 'live', generation: 1 }),
      a({ id: 'other-user', userId: 'bob', generation: 1 }),
      a({ id: 'uploading', generation: 2 }),
    ];
    expect(visibleAssociations(rows, committed({ [RECORDS_SCOPE]: 1 })).map((r) => (r as { id: string }).id)).toEqual(['live', 'other-user']);
    expect(visibleAssociations(rows, committed({ [RECORDS_SCOPE]: 2 })).map((r) => (r as { id: string }).id)).toEqual([
      'other-user',
      'uploading',
    ]);
  });

  it('keeps every label of the newest generation (multi-label sets, spans) and gold apart from manual', () => {
    const rows = [
      a({ id: 'm1', generation: 2 }),
      a({ id: 'm2', generation: 2 }),
      a({ id: 'gold', source: 'GOLD', generation: 1 }),
      a({ id: 'other-task', taskId: 't2', generation: 1 }),
    ];
    expect(visibleAssociations(rows, committed({ [RECORDS_SCOPE]: 2 })).map((r) => (r as { id: string }).id)).toEqual([
      'm1',
      'm2',
      'gold',
      'other-task',
    ]);
  });
});
