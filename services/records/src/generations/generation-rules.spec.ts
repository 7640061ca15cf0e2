import { EMPTY_POINTER, isCurrentWriter, sourceScope } from './generation-rules.js';

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
