import { compileQuery } from './compile-query.js';
import { parseBrowseQuery, parsePageRequest } from './parse-query.js';
import { QueryError, type QueryIssue } from './query-error.js';
import { HAND_ATTRIBUTES, HAND_TASKS } from './testing/hand-made.js';

const ctx = { attributes: HAND_ATTRIBUTES, tasks: HAND_TASKS };

function issuesOf(fn: () => unknown): QueryIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof QueryError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a QueryError');
}

const within = (condition: unknown) => ({
  filter: { kind: 'AND', conditions: [{ kind: 'HAS_COMMENTS' }, condition] },
});

describe('parseBrowseQuery', () => {
  it('accepts the quickstart validation slice and fills defaults', () => {
    const q = parseBrowseQuery(
      {
        filter: {
          kind: 'AND',
          conditions: [
            { kind: 'ANY_HEURISTIC', taskId: 'cb' },
            { kind: 'MANUAL_LABEL', taskId: 'cb', op: 'HAS_NONE' },
          ],
        },
      },
      ctx,
    );
    expect(q.order).toEqual({ kind: 'DEFAULT' });
  });

  it('accepts an empty query (everything, upload order)', () => {
    expect(parseBrowseQuery({}, ctx)).toEqual({ filter: null, order: { kind: 'DEFAULT' } });
  });

  it.each<[string, unknown, Pick<QueryIssue, 'code' | 'path'>]>([
    [
      'a string value for an INTEGER attribute',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'EQUAL', value: '5' }),
      { code: 'TYPE_MISMATCH', path: 'filter.conditions[1].value' },
    ],
    [
      'a number for a TEXT attribute',
      within({ kind: 'ATTRIBUTE', attribute: 'headline', op: 'EQUAL', value: 5 }),
      { code: 'TYPE_MISMATCH', path: 'filter.conditions[1].value' },
    ],
    [
      'a string for a BOOLEAN attribute',
      within({ kind: 'ATTRIBUTE', attribute: 'flag', op: 'EQUAL', value: 'true' }),
      { code: 'TYPE_MISMATCH', path: 'filter.conditions[1].value' },
    ],
    [
      'a wrong type inside IN',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'IN', values: [1, 'x'] }),
      { code: 'TYPE_MISMATCH', path: 'filter.conditions[1].values[1]' },
    ],
    [
      'a number for ANY_ATTRIBUTE',
      within({ kind: 'ANY_ATTRIBUTE', op: 'EQUAL', value: 3 }),
      { code: 'TYPE_MISMATCH', path: 'filter.conditions[1].value' },
    ],
    [
      'an unknown attribute',
      within({ kind: 'ATTRIBUTE', attribute: 'nope', op: 'IS_NULL' }),
      { code: 'UNKNOWN_ATTRIBUTE', path: 'filter.conditions[1].attribute' },
    ],
    [
      'an EMBEDDING_LIST attribute',
      within({ kind: 'ATTRIBUTE', attribute: 'vec', op: 'IS_NULL' }),
      { code: 'UNSUPPORTED_OPERATOR', path: 'filter.conditions[1].attribute' },
    ],
    [
      'CONTAINS on an INTEGER',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'CONTAINS', value: 1 }),
      { code: 'UNSUPPORTED_OPERATOR', path: 'filter.conditions[1].op' },
    ],
    [
      'IN_WC on a FLOAT',
      within({ kind: 'ATTRIBUTE', attribute: 'score', op: 'IN_WC', values: [1] }),
      { code: 'UNSUPPORTED_OPERATOR', path: 'filter.conditions[1].op' },
    ],
    [
      'GREATER on a BOOLEAN',
      within({ kind: 'ATTRIBUTE', attribute: 'flag', op: 'GREATER', value: 1 }),
      { code: 'UNSUPPORTED_OPERATOR', path: 'filter.conditions[1].op' },
    ],
    [
      'BETWEEN on a BOOLEAN',
      within({ kind: 'ATTRIBUTE', attribute: 'flag', op: 'BETWEEN', values: [0, 1] }),
      { code: 'UNSUPPORTED_OPERATOR', path: 'filter.conditions[1].op' },
    ],
    [
      'an empty CONTAINS',
      within({ kind: 'ATTRIBUTE', attribute: 'headline', op: 'CONTAINS', value: '' }),
      { code: 'MISSING_VALUE', path: 'filter.conditions[1].value' },
    ],
    [
      'BETWEEN with bounds reversed',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'BETWEEN', values: [5, 1] }),
      { code: 'INVALID_RANGE', path: 'filter.conditions[1].values' },
    ],
    [
      'manual IS without labelIds',
      within({ kind: 'MANUAL_LABEL', taskId: 'cb', op: 'IS' }),
      { code: 'MISSING_VALUE', path: 'filter.conditions[1].labelIds' },
    ],
    [
      'HAS_NONE with labelIds',
      within({ kind: 'WS_LABEL', taskId: 'cb', op: 'HAS_NONE', labelIds: ['yes'] }),
      { code: 'UNEXPECTED_VALUE', path: 'filter.conditions[1].labelIds' },
    ],
    [
      'a confidence range without bounds',
      within({ kind: 'WS_CONFIDENCE', taskId: 'cb' }),
      { code: 'MISSING_VALUE', path: 'filter.conditions[1]' },
    ],
    [
      'a confidence range reversed',
      within({ kind: 'WS_CONFIDENCE', taskId: 'cb', min: 0.9, max: 0.1 }),
      { code: 'INVALID_RANGE', path: 'filter.conditions[1].min' },
    ],
    [
      'an unknown task',
      within({ kind: 'HEURISTICS_DISAGREE', taskId: 'zz' }),
      { code: 'UNKNOWN_TASK', path: 'filter.conditions[1].taskId' },
    ],
    [
      'a label of another task',
      within({ kind: 'HEURISTIC', taskId: 'cb', heuristicId: 'h', labelIds: ['yes', 'pos'] }),
      { code: 'UNKNOWN_LABEL', path: 'filter.conditions[1].labelIds[1]' },
    ],
    [
      'an unknown operator (zod)',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'LIKE', value: 1 }),
      { code: 'INVALID_QUERY', path: 'filter.conditions[1].op' },
    ],
    [
      'caseSensitive on a comparison (zod)',
      within({
        kind: 'ATTRIBUTE',
        attribute: 'count',
        op: 'GREATER',
        value: 1,
        caseSensitive: true,
      }),
      { code: 'INVALID_QUERY', path: 'filter.conditions[1]' },
    ],
    [
      'a non-finite number (zod)',
      within({ kind: 'ATTRIBUTE', attribute: 'score', op: 'GREATER', value: Infinity }),
      { code: 'INVALID_QUERY', path: 'filter.conditions[1].value' },
    ],
    [
      'an empty IN list (zod)',
      within({ kind: 'ATTRIBUTE', attribute: 'count', op: 'IN', values: [] }),
      { code: 'INVALID_QUERY', path: 'filter.conditions[1].values' },
    ],
    [
      'an empty group (zod)',
      { filter: { kind: 'OR', conditions: [] } },
      { code: 'INVALID_QUERY', path: 'filter.conditions' },
    ],
    [
      'an unknown condition kind (zod)',
      { filter: { kind: 'MAGIC' } },
      { code: 'INVALID_QUERY', path: 'filter.kind' },
    ],
    [
      'an unknown sort attribute',
      {
        order: {
          kind: 'FIELDS',
          keys: [{ kind: 'ATTRIBUTE', attribute: 'nope', direction: 'ASC' }],
        },
      },
      { code: 'UNKNOWN_ATTRIBUTE', path: 'order.keys[0].attribute' },
    ],
    [
      'sorting by an EMBEDDING_LIST',
      {
        order: {
          kind: 'FIELDS',
          keys: [{ kind: 'ATTRIBUTE', attribute: 'vec', direction: 'ASC' }],
        },
      },
      { code: 'UNSUPPORTED_OPERATOR', path: 'order.keys[0].attribute' },
    ],
    [
      'a sort direction typo (zod)',
      {
        order: {
          kind: 'FIELDS',
          keys: [{ kind: 'ATTRIBUTE', attribute: 'count', direction: 'UP' }],
        },
      },
      { code: 'INVALID_QUERY', path: 'order.keys[0].direction' },
    ],
    [
      'the same sort key twice',
      {
        order: {
          kind: 'FIELDS',
          keys: [
            { kind: 'ATTRIBUTE', attribute: 'count', direction: 'ASC' },
            { kind: 'ATTRIBUTE', attribute: 'count', direction: 'DESC' },
          ],
        },
      },
      { code: 'UNEXPECTED_VALUE', path: 'order.keys[1]' },
    ],
    [
      'similarity without hits',
      { order: { kind: 'SIMILARITY', recordId: 'r1', embeddingId: 'e' } },
      { code: 'MISSING_SIMILARITY', path: 'order' },
    ],
  ])('rejects %s, naming the path', (_name, input, expected) => {
    const issues = issuesOf(() => parseBrowseQuery(input, ctx));
    expect(issues[0]).toMatchObject(expected);
  });

  it('rejects groups nested too deeply', () => {
    let c: unknown = { kind: 'HAS_COMMENTS' };
    for (let i = 0; i < 8; i++) c = { kind: 'AND', conditions: [c] };
    expect(issuesOf(() => parseBrowseQuery({ filter: c }, ctx))[0]).toMatchObject({
      code: 'TOO_DEEP',
    });
  });

  it('reports every issue, and the error message names them', () => {
    try {
      parseBrowseQuery(
        {
          filter: {
            kind: 'AND',
            conditions: [
              { kind: 'ATTRIBUTE', attribute: 'count', op: 'EQUAL', value: 'a' },
              { kind: 'ATTRIBUTE', attribute: 'x', op: 'IS_NULL' },
            ],
          },
        },
        ctx,
      );
      throw new Error('expected a QueryError');
    } catch (e) {
      expect(e).toBeInstanceOf(QueryError);
      const err = e as QueryError;
      expect(err.issues.map((i) => i.path)).toEqual([
        'filter.conditions[0].value',
        'filter.conditions[1].attribute',
      ]);
      expect(err.code).toBe('TYPE_MISMATCH');
      expect(err.message).toContain('filter.conditions[0].value: attribute "count" is INTEGER');
    }
  });

  it('skips task checks when the caller gives no tasks', () => {
    expect(() =>
      parseBrowseQuery(
        { filter: { kind: 'HEURISTICS_DISAGREE', taskId: 'any' } },
        { attributes: HAND_ATTRIBUTES },
      ),
    ).not.toThrow();
  });

  it('compileQuery validates too (an unparsed query cannot slip through)', () => {
    const issues = issuesOf(() =>
      compileQuery(
        {
          filter: { kind: 'ATTRIBUTE', attribute: 'count', op: 'EQUAL', value: 'x' },
          order: { kind: 'DEFAULT' },
        },
        { ...ctx, scope: {} },
      ),
    );
    expect(issues[0]).toMatchObject({ code: 'TYPE_MISMATCH', path: 'filter.value' });
  });
});

describe('parsePageRequest', () => {
  it('accepts offset and cursor pages', () => {
    expect(parsePageRequest({ limit: 50, offset: 0 })).toEqual({ limit: 50, offset: 0 });
    expect(parsePageRequest({ limit: 50, cursor: null })).toEqual({ limit: 50, cursor: null });
  });

  it.each<[string, unknown]>([
    ['a zero limit', { limit: 0, offset: 0 }],
    ['a limit above the maximum', { limit: 501, cursor: null }],
    ['a negative offset', { limit: 10, offset: -1 }],
    ['offset and cursor together', { limit: 10, offset: 0, cursor: null }],
    ['no paging mode', { limit: 10 }],
  ])('rejects %s', (_name, input) => {
    const issues = issuesOf(() => parsePageRequest(input));
    expect(issues[0]?.code).toBe('INVALID_QUERY');
    expect(issues[0]?.path.startsWith('page')).toBe(true);
  });
});
