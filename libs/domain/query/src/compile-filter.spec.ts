import { compileQuery } from './compile-query.js';
import { prepareQuery } from './evaluate.js';
import type { MongoFilter } from './mongo-types.js';
import type { Condition } from './query.schema.js';
import { HAND_ATTRIBUTES, HAND_RECORDS, HAND_TASKS } from './testing/hand-made.js';
import { matchFilter } from './testing/mongo-interpreter.js';

const ctx = {
  attributes: HAND_ATTRIBUTES,
  tasks: HAND_TASKS,
  scope: { projectId: 'p', generation: 1 },
};

/** Record ids matched by the compiled Mongo filter and by the evaluator; both must agree. */
function run(filter: Condition): { mongo: MongoFilter; ids: string[] } {
  const query = { filter, order: { kind: 'DEFAULT' as const } };
  const compiled = compileQuery(query, ctx);
  const byMongo = HAND_RECORDS.filter((d) => matchFilter(d, compiled.filter)).map((d) => d._id);
  const prepared = prepareQuery(query, ctx);
  const byEvaluator = HAND_RECORDS.filter((d) => prepared.matches(d)).map((d) => d._id);
  expect(byEvaluator).toEqual(byMongo);
  return { mongo: compiled.filter, ids: byMongo };
}

const attr = (attribute: string, rest: Record<string, unknown>): Condition =>
  ({ kind: 'ATTRIBUTE', attribute, ...rest }) as Condition;

describe('attribute operators (Mongo filter and evaluator agree on known answers)', () => {
  it.each<[string, Condition, string[]]>([
    [
      'EQUAL text, case-insensitive by default',
      attr('topic', { op: 'EQUAL', value: 'SPORTS' }),
      ['r1', 'r2'],
    ],
    [
      'EQUAL text, case-sensitive',
      attr('topic', { op: 'EQUAL', value: 'Sports', caseSensitive: true }),
      ['r2'],
    ],
    [
      'EQUAL does not match a prefix or a trailing newline',
      attr('headline', { op: 'EQUAL', value: 'line one' }),
      [],
    ],
    ['EQUAL integer 0 is a value', attr('count', { op: 'EQUAL', value: 0 }), ['r1']],
    ['EQUAL float', attr('score', { op: 'EQUAL', value: 1.5 }), ['r1']],
    ['EQUAL boolean false', attr('flag', { op: 'EQUAL', value: false }), ['r2', 'r5']],
    ['BEGINS_WITH case-insensitive', attr('headline', { op: 'BEGINS_WITH', value: 'why' }), ['r1']],
    [
      'BEGINS_WITH case-sensitive',
      attr('headline', { op: 'BEGINS_WITH', value: 'why', caseSensitive: true }),
      [],
    ],
    [
      'ENDS_WITH is anchored at the very end',
      attr('headline', { op: 'ENDS_WITH', value: 'one' }),
      [],
    ],
    [
      'ENDS_WITH matches a final newline literally',
      attr('headline', { op: 'ENDS_WITH', value: 'one\n' }),
      ['r6'],
    ],
    ['CONTAINS case-insensitive', attr('headline', { op: 'CONTAINS', value: 'you' }), ['r1', 'r2']],
    [
      'CONTAINS case-sensitive',
      attr('headline', { op: 'CONTAINS', value: 'YOU', caseSensitive: true }),
      ['r2'],
    ],
    [
      'CONTAINS escapes regex metacharacters',
      attr('headline', { op: 'CONTAINS', value: '.b*c (' }),
      ['r3'],
    ],
    ['CONTAINS "." is literal', attr('headline', { op: 'CONTAINS', value: '.' }), ['r3']],
    [
      'IN text, case-insensitive',
      attr('topic', { op: 'IN', values: ['SPORTS', 'tech'] }),
      ['r1', 'r2', 'r6'],
    ],
    [
      'IN text, case-sensitive',
      attr('topic', { op: 'IN', values: ['sports', 'tech'], caseSensitive: true }),
      ['r1', 'r6'],
    ],
    ['IN integers with 0', attr('count', { op: 'IN', values: [0, 10] }), ['r1', 'r5']],
    [
      'IN_WC with * and ?',
      attr('topic', { op: 'IN_WC', values: ['sp*', '?ech'] }),
      ['r1', 'r2', 'r6'],
    ],
    [
      'IN_WC case-sensitive',
      attr('topic', { op: 'IN_WC', values: ['S*'], caseSensitive: true }),
      ['r2'],
    ],
    [
      'IN_WC treats other metacharacters literally',
      attr('headline', { op: 'IN_WC', values: ['a.b\\*c*'] }),
      [],
    ],
    ['IN_WC * spans a newline', attr('headline', { op: 'IN_WC', values: ['line*'] }), ['r6']],
    [
      'BETWEEN integers, inclusive',
      attr('count', { op: 'BETWEEN', values: [0, 5] }),
      ['r1', 'r2', 'r6'],
    ],
    ['BETWEEN floats', attr('score', { op: 'BETWEEN', values: [-2, 1.5] }), ['r1', 'r2', 'r3']],
    [
      'BETWEEN text by code point',
      attr('topic', { op: 'BETWEEN', values: ['S', 'sports'] }),
      ['r1', 'r2', 'r3'],
    ],
    ['GREATER compares numerically (10 > 5)', attr('count', { op: 'GREATER', value: 5 }), ['r5']],
    ['GREATER_EQUAL', attr('count', { op: 'GREATER_EQUAL', value: 5 }), ['r2', 'r5']],
    ['LESS excludes null', attr('count', { op: 'LESS', value: 1 }), ['r1', 'r3']],
    ['LESS_EQUAL float', attr('score', { op: 'LESS_EQUAL', value: 0 }), ['r2', 'r3']],
    ['IS_NULL text: null, missing and empty', attr('headline', { op: 'IS_NULL' }), ['r4', 'r5']],
    ['IS_NULL category: missing counts', attr('topic', { op: 'IS_NULL' }), ['r4', 'r5']],
    ['IS_NULL integer: 0 is not empty', attr('count', { op: 'IS_NULL' }), ['r4']],
    ['IS_NULL boolean', attr('flag', { op: 'IS_NULL' }), ['r3']],
  ])('%s', (_name, condition, expected) => {
    expect(run(condition).ids).toEqual(expected);
  });

  it.each<[string, Condition, string[]]>([
    [
      'NOT CONTAINS keeps null and empty values',
      attr('headline', { op: 'CONTAINS', value: 'you', negate: true }),
      ['r3', 'r4', 'r5', 'r6'],
    ],
    [
      'NOT GREATER keeps null',
      attr('count', { op: 'GREATER', value: 0, negate: true }),
      ['r1', 'r3', 'r4'],
    ],
    ['NOT IS_NULL', attr('count', { op: 'IS_NULL', negate: true }), ['r1', 'r2', 'r3', 'r5', 'r6']],
    [
      'NOT IN',
      attr('topic', { op: 'IN', values: ['sports'], negate: true }),
      ['r3', 'r4', 'r5', 'r6'],
    ],
  ])('negation: %s', (_name, condition, expected) => {
    expect(run(condition).ids).toEqual(expected);
  });

  it('compiles to plain operators with escaped regexes', () => {
    expect(run(attr('headline', { op: 'CONTAINS', value: 'a.b*' })).mongo).toEqual({
      $and: [
        { projectId: 'p', generation: 1 },
        { 'data.headline': { $regex: 'a\\.b\\*', $options: 'i' } },
      ],
    });
    expect(run(attr('headline', { op: 'EQUAL', value: 'x', caseSensitive: true })).mongo).toEqual({
      $and: [{ projectId: 'p', generation: 1 }, { 'data.headline': 'x' }],
    });
    expect(run(attr('topic', { op: 'IN_WC', values: ['a?*'], caseSensitive: true })).mongo).toEqual(
      {
        $and: [
          { projectId: 'p', generation: 1 },
          { 'data.topic': { $regex: '^a[\\s\\S][\\s\\S]*\\z' } },
        ],
      },
    );
    expect(run(attr('count', { op: 'GREATER', value: 1, negate: true })).mongo).toEqual({
      $and: [{ projectId: 'p', generation: 1 }, { $nor: [{ 'data.count': { $gt: 1 } }] }],
    });
  });
});

describe('any attribute', () => {
  it('matches when one TEXT or CATEGORY attribute matches', () => {
    expect(run({ kind: 'ANY_ATTRIBUTE', op: 'CONTAINS', value: 'spo' }).ids).toEqual(['r1', 'r2']);
    expect(run({ kind: 'ANY_ATTRIBUTE', op: 'EQUAL', value: 'tech' }).ids).toEqual(['r6']);
  });

  it('negated, no text attribute matches', () => {
    expect(run({ kind: 'ANY_ATTRIBUTE', op: 'CONTAINS', value: 'o', negate: true }).ids).toEqual([
      'r4',
      'r5',
    ]);
  });

  it('IS_NULL: some text attribute is empty', () => {
    expect(run({ kind: 'ANY_ATTRIBUTE', op: 'IS_NULL' }).ids).toEqual(['r4', 'r5']);
  });

  it('never looks at numeric attributes', () => {
    expect(run({ kind: 'ANY_ATTRIBUTE', op: 'CONTAINS', value: '10' }).ids).toEqual([]);
  });
});

describe('label filters', () => {
  const m = (rest: Record<string, unknown>): Condition =>
    ({ kind: 'MANUAL_LABEL', taskId: 'cb', ...rest }) as Condition;
  it.each<[string, Condition, string[]]>([
    ['manual label is', m({ op: 'IS', labelIds: ['no'] }), ['r3']],
    ['manual label is one of', m({ op: 'IS', labelIds: ['no', 'yes'] }), ['r1', 'r3']],
    ['manual label is not', m({ op: 'IS_NOT', labelIds: ['no'] }), ['r1', 'r2', 'r4', 'r5', 'r6']],
    [
      'manual label has none (missing task summary too)',
      m({ op: 'HAS_NONE' }),
      ['r2', 'r4', 'r5', 'r6'],
    ],
    ['manual label has any', m({ op: 'HAS_ANY' }), ['r1', 'r3']],
    [
      'manual label is, by one user',
      m({ op: 'IS', labelIds: ['no'], by: { userId: 'bob' } }),
      ['r3'],
    ],
    [
      'manual label is, by another user',
      m({ op: 'IS', labelIds: ['yes'], by: { userId: 'bob' } }),
      [],
    ],
    ['a user labelled anything', m({ op: 'HAS_ANY', by: { userId: 'alice' } }), ['r1', 'r3']],
    [
      'a user labelled nothing',
      m({ op: 'HAS_NONE', by: { userId: 'bob' } }),
      ['r1', 'r2', 'r4', 'r5', 'r6'],
    ],
    ['gold label is', m({ op: 'IS', labelIds: ['no'], by: 'GOLD' }), ['r3']],
    ['reference label has any', m({ op: 'HAS_ANY', by: 'REFERENCE' }), ['r3']],
    [
      'weak-supervision label is',
      { kind: 'WS_LABEL', taskId: 'cb', op: 'IS', labelIds: ['yes'] },
      ['r1', 'r2'],
    ],
    [
      'weak-supervision label has none',
      { kind: 'WS_LABEL', taskId: 'cb', op: 'HAS_NONE' },
      ['r3', 'r5', 'r6'],
    ],
    ['confidence range', { kind: 'WS_CONFIDENCE', taskId: 'cb', min: 0.6, max: 0.9 }, ['r1', 'r4']],
    ['confidence at least', { kind: 'WS_CONFIDENCE', taskId: 'cb', min: 0.7 }, ['r1', 'r4']],
    ['confidence at most', { kind: 'WS_CONFIDENCE', taskId: 'cb', max: 0.55 }, ['r2']],
    [
      'heuristic X predicted Y',
      { kind: 'HEURISTIC', taskId: 'cb', heuristicId: 'h1', labelIds: ['yes'] },
      ['r1', 'r2'],
    ],
    [
      'heuristic X predicted Y (no hit)',
      { kind: 'HEURISTIC', taskId: 'cb', heuristicId: 'h2', labelIds: ['yes'] },
      [],
    ],
    [
      'heuristic X predicted anything',
      { kind: 'HEURISTIC', taskId: 'cb', heuristicId: 'h3' },
      ['r4'],
    ],
    ['any heuristic predicted', { kind: 'ANY_HEURISTIC', taskId: 'cb' }, ['r1', 'r2', 'r4']],
    [
      'any heuristic predicted label',
      { kind: 'ANY_HEURISTIC', taskId: 'cb', labelIds: ['no'] },
      ['r2', 'r4'],
    ],
    ['heuristics disagree', { kind: 'HEURISTICS_DISAGREE', taskId: 'cb' }, ['r2']],
    [
      'heuristics do not disagree',
      { kind: 'HEURISTICS_DISAGREE', taskId: 'cb', negate: true },
      ['r1', 'r3', 'r4', 'r5', 'r6'],
    ],
    ['has comments', { kind: 'HAS_COMMENTS' }, ['r1', 'r5']],
    ['has no comments', { kind: 'HAS_COMMENTS', negate: true }, ['r2', 'r3', 'r4', 'r6']],
  ])('%s', (_name, condition, expected) => {
    expect(run(condition).ids).toEqual(expected);
  });

  it('compiles "any heuristic predicted" to a scalar range (index-friendly, no $expr)', () => {
    expect(run({ kind: 'ANY_HEURISTIC', taskId: 'cb' }).mongo).toEqual({
      $and: [{ projectId: 'p', generation: 1 }, { 'labels.cb.heuristicCount': { $gt: 0 } }],
    });
  });
});

describe('AND / OR groups', () => {
  it('the quickstart validation slice: any heuristic predicted AND no manual label', () => {
    const slice: Condition = {
      kind: 'AND',
      conditions: [
        { kind: 'ANY_HEURISTIC', taskId: 'cb' },
        { kind: 'MANUAL_LABEL', taskId: 'cb', op: 'HAS_NONE' },
      ],
    };
    expect(run(slice).ids).toEqual(['r2', 'r4']);
    expect(run(slice).mongo).toEqual({
      $and: [
        { projectId: 'p', generation: 1 },
        { 'labels.cb.heuristicCount': { $gt: 0 } },
        { $or: [{ 'labels.cb.manual': { $exists: false } }, { 'labels.cb.manual': { $size: 0 } }] },
      ],
    });
  });

  it('a double negation compiles to the plain condition', () => {
    const c: Condition = {
      kind: 'AND',
      negate: true,
      conditions: [{ kind: 'HAS_COMMENTS', negate: true }],
    };
    expect(run(c)).toEqual({
      mongo: { $and: [{ projectId: 'p', generation: 1 }, { commentCount: { $gt: 0 } }] },
      ids: ['r1', 'r5'],
    });
  });

  it('OR of conditions, nested in AND, negated groups', () => {
    const or: Condition = {
      kind: 'OR',
      conditions: [
        attr('count', { op: 'EQUAL', value: 0 }),
        { kind: 'HEURISTICS_DISAGREE', taskId: 'cb' },
      ],
    };
    expect(run(or).ids).toEqual(['r1', 'r2']);
    expect(
      run({ kind: 'AND', conditions: [or, attr('flag', { op: 'EQUAL', value: true })] }).ids,
    ).toEqual(['r1']);
    expect(run({ ...or, negate: true }).ids).toEqual(['r3', 'r4', 'r5', 'r6']);
    expect(run({ kind: 'AND', conditions: [or], negate: true }).ids).toEqual([
      'r3',
      'r4',
      'r5',
      'r6',
    ]);
  });
});
