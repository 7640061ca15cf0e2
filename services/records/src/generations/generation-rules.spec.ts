import { EMPTY_POINTER, foldEvents, isCurrentWriter, sourceScope } from './generation-rules.js';

describe('generation bookkeeping', () => {
  it('lets only the current writer add to and commit its generation', () => {
    expect(isCurrentWriter({ committed: 1, latest: 3, writing: 3, pages: 0 }, 3)).toBe(true);
    expect(isCurrentWriter({ committed: 1, latest: 3, writing: 3, pages: 0 }, 2)).toBe(false);
    expect(isCurrentWriter({ committed: 3, latest: 3, writing: null, pages: 0 }, 3)).toBe(false);
    expect(isCurrentWriter(EMPTY_POINTER, 0)).toBe(false);
  });

  it('names one scope per bulk source', () => {
    expect(sourceScope('HEURISTIC', 'lf-1')).toBe('HEURISTIC:lf-1');
    expect(sourceScope('WEAK_SUPERVISION', 'lf-1')).not.toBe(sourceScope('HEURISTIC', 'lf-1'));
  });
});

describe('foldEvents', () => {
  const ev = (kind: 'begin' | 'page' | 'commit' | 'abort', gen: number, scope = 'records') => ({ scope, kind, gen });

  it('makes the newest begin the writer until it ends, and commits only move forward', () => {
    const states = foldEvents([ev('begin', 1), ev('page', 1), ev('commit', 1), ev('begin', 2), ev('page', 2), ev('page', 2), ev('begin', 3)]);
    expect(states.get('records')).toEqual({ committed: 1, latest: 3, writing: 3, pages: 0, history: [1] });
    // Generation 2 was superseded by 3; had both committed, the higher one wins either way.
    const both = foldEvents([ev('begin', 2), ev('begin', 3), ev('commit', 3), ev('commit', 2)]);
    expect(both.get('records')).toMatchObject({ committed: 3, writing: null, history: [2, 3] });
  });

  it('counts the pages of the writer, forgets an aborted writer and keeps scopes apart', () => {
    const states = foldEvents([ev('begin', 1, 'HEURISTIC:a'), ev('page', 1, 'HEURISTIC:a'), ev('page', 1, 'HEURISTIC:a'), ev('begin', 1, 'HEURISTIC:b'), ev('abort', 1, 'HEURISTIC:b')]);
    expect(states.get('HEURISTIC:a')).toEqual({ committed: 0, latest: 1, writing: 1, pages: 2, history: [] });
    expect(states.get('HEURISTIC:b')).toEqual({ committed: 0, latest: 1, writing: null, pages: 0, history: [] });
    expect(states.get('records')).toBeUndefined();
  });
});
