import { compileQuery } from './compile-query.js';
import { encodeCursor } from './cursor.js';
import { evaluatePage, prepareQuery } from './evaluate.js';
import type { SimilarityHit } from './query-context.js';
import { QueryError } from './query-error.js';
import type { BrowseQuery, Condition, Order, PageRequest } from './query.schema.js';
import { readPage } from './read-page.js';
import type { RecordDocument } from './record-document.js';
import { seedOffset } from './seeded-random.js';
import { ATTRIBUTES, makeRecords, SCOPE, TASKS } from './testing/fixtures.js';
import { HAND_ATTRIBUTES, HAND_RECORDS, HAND_TASKS, idsOf } from './testing/hand-made.js';
import { InterpretedSource } from './testing/mongo-interpreter.js';

const handCtx = {
  attributes: HAND_ATTRIBUTES,
  tasks: HAND_TASKS,
  scope: { projectId: 'p', generation: 1 },
};
const q = (order: Order, filter: Condition | null = null): BrowseQuery => ({ filter, order });

async function allMongoPages(
  docs: readonly RecordDocument[],
  query: BrowseQuery,
  ctx: typeof handCtx & { similarity?: SimilarityHit[] },
  limit: number,
): Promise<string[]> {
  const compiled = compileQuery(query, ctx);
  const source = new InterpretedSource(docs);
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1_000; guard++) {
    const page: Awaited<ReturnType<typeof readPage<RecordDocument>>> = await readPage(
      compiled,
      { limit, cursor },
      source,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...idsOf(page.items));
    if (page.nextCursor === null) return ids;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

function allMemoryPages(
  docs: readonly RecordDocument[],
  query: BrowseQuery,
  ctx: typeof handCtx & { similarity?: SimilarityHit[] },
  limit: number,
): string[] {
  const prepared = prepareQuery(query, ctx);
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1_000; guard++) {
    const page = evaluatePage(docs, prepared, { limit, cursor });
    ids.push(...idsOf(page.items));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

async function firstMongoPage(
  query: BrowseQuery,
  page: PageRequest,
  ctx = handCtx as typeof handCtx & { similarity?: SimilarityHit[] },
) {
  return readPage(compileQuery(query, ctx), page, new InterpretedSource(HAND_RECORDS), {
    withTotal: true,
  });
}

describe('orderings', () => {
  it('DEFAULT is upload order by seq, with an index-ready sort', async () => {
    const compiled = compileQuery(q({ kind: 'DEFAULT' }), handCtx);
    expect(compiled.segments).toEqual([
      { filter: { projectId: 'p', generation: 1 }, sort: { seq: 1 } },
    ]);
    expect(
      idsOf((await firstMongoPage(q({ kind: 'DEFAULT' }), { limit: 10, offset: 0 })).items),
    ).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it.each<[string, Order, string[]]>([
    [
      'integer ascending: null first, numeric order',
      { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'count', direction: 'ASC' }] },
      ['r4', 'r3', 'r1', 'r6', 'r2', 'r5'],
    ],
    [
      'integer descending: null last',
      { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'count', direction: 'DESC' }] },
      ['r5', 'r2', 'r6', 'r1', 'r3', 'r4'],
    ],
    [
      'text ascending: null/missing first, code-point order',
      { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'topic', direction: 'ASC' }] },
      ['r4', 'r5', 'r2', 'r3', 'r1', 'r6'],
    ],
    [
      'two keys: boolean ascending, then float descending',
      {
        kind: 'FIELDS',
        keys: [
          { kind: 'ATTRIBUTE', attribute: 'flag', direction: 'ASC' },
          { kind: 'ATTRIBUTE', attribute: 'score', direction: 'DESC' },
        ],
      },
      ['r3', 'r2', 'r5', 'r4', 'r6', 'r1'],
    ],
    [
      'weak-supervision confidence ascending',
      { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: 'cb', direction: 'ASC' }] },
      ['r3', 'r5', 'r6', 'r2', 'r4', 'r1'],
    ],
    [
      'weak-supervision confidence descending (ties by _id descending)',
      { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: 'cb', direction: 'DESC' }] },
      ['r1', 'r4', 'r2', 'r6', 'r5', 'r3'],
    ],
  ])('%s', async (_name, order, expected) => {
    expect(idsOf((await firstMongoPage(q(order), { limit: 10, offset: 0 })).items)).toEqual(
      expected,
    );
    expect(allMemoryPages(HAND_RECORDS, q(order), handCtx, 4)).toEqual(expected);
    expect(await allMongoPages(HAND_RECORDS, q(order), handCtx, 1)).toEqual(expected);
  });

  it('sorts fields then _id in the first key’s direction (a complete key for keyset paging)', () => {
    const order: Order = {
      kind: 'FIELDS',
      keys: [
        { kind: 'ATTRIBUTE', attribute: 'count', direction: 'DESC' },
        { kind: 'WS_CONFIDENCE', taskId: 'cb', direction: 'ASC' },
      ],
    };
    expect(compileQuery(q(order), handCtx).segments[0]!.sort).toEqual({
      'data.count': -1,
      'labels.cb.weakSupervisionConfidence': 1,
      _id: -1,
    });
  });
});

describe('seeded random order', () => {
  const records = makeRecords(300, 7);
  const ctx = { attributes: ATTRIBUTES, tasks: TASKS, scope: SCOPE };

  it('is the same for the same seed and differs between seeds', async () => {
    const a = await allMongoPages(
      records,
      q({ kind: 'RANDOM', seed: 'labeling-session-1' }),
      ctx,
      37,
    );
    const b = await allMongoPages(
      records,
      q({ kind: 'RANDOM', seed: 'labeling-session-1' }),
      ctx,
      50,
    );
    const c = await allMongoPages(
      records,
      q({ kind: 'RANDOM', seed: 'labeling-session-2' }),
      ctx,
      37,
    );
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(300);
    expect(c).not.toEqual(a);
    expect([...c].sort()).toEqual([...a].sort());
  });

  it('starts at the seed offset on the rnd circle and wraps around (two index ranges)', () => {
    const seed = 42;
    const o = seedOffset(seed);
    const compiled = compileQuery(q({ kind: 'RANDOM', seed }), ctx);
    expect(compiled.segments.map((s) => s.sort)).toEqual([
      { rnd: 1, _id: 1 },
      { rnd: 1, _id: 1 },
    ]);
    expect(compiled.segments.map((s) => s.filter)).toEqual([
      { $and: [SCOPE, { rnd: { $gte: o } }] },
      { $and: [SCOPE, { rnd: { $lt: o } }] },
    ]);
    const expected = [
      ...records.filter((r) => r.rnd >= o).sort((x, y) => x.rnd - y.rnd),
      ...records.filter((r) => r.rnd < o).sort((x, y) => x.rnd - y.rnd),
    ];
    expect(allMemoryPages(records, q({ kind: 'RANDOM', seed }), ctx, 25)).toEqual(idsOf(expected));
  });

  it('offset pages across the wrap-around equal keyset pages', async () => {
    const query = q({ kind: 'RANDOM', seed: 9 }, { kind: 'ANY_HEURISTIC', taskId: 't1' });
    const all = await allMongoPages(records, query, ctx, 20);
    const compiled = compileQuery(query, ctx);
    const source = new InterpretedSource(records);
    const viaOffset: string[] = [];
    for (let offset = 0; offset < all.length; offset += 20)
      viaOffset.push(...idsOf((await readPage(compiled, { limit: 20, offset }, source)).items));
    expect(viaOffset).toEqual(all);
    expect(allMemoryPages(records, query, ctx, 20)).toEqual(all);
  });
});

describe('similarity order', () => {
  const hits: SimilarityHit[] = [
    { id: 'r3', score: 0.9 },
    { id: 'r99', score: 0.95 }, // deleted meanwhile: skipped
    { id: 'r1', score: 0.9 },
    { id: 'r5', score: 0.5 },
    { id: 'r2', score: 0.1 },
  ];
  const order: Order = { kind: 'SIMILARITY', recordId: 'r6', embeddingId: 'e1' };

  it('orders the top-K by score (ties by id), applies the rest of the filter, counts only the top-K', async () => {
    const ctx = { ...handCtx, similarity: hits };
    const filter: Condition = {
      kind: 'ATTRIBUTE',
      attribute: 'count',
      op: 'IS_NULL',
      negate: true,
    };
    const page = await firstMongoPage(q(order, filter), { limit: 10, offset: 0 }, ctx);
    expect(idsOf(page.items)).toEqual(['r1', 'r3', 'r5', 'r2']);
    expect(page.total).toBe(4);
    expect(compileQuery(q(order), ctx).filter).toEqual({
      $and: [handCtx.scope, { _id: { $in: ['r99', 'r1', 'r3', 'r5', 'r2'] } }],
    });
    expect(
      await allMongoPages(HAND_RECORDS, q(order, { kind: 'HAS_COMMENTS', negate: true }), ctx, 1),
    ).toEqual(['r3', 'r2']);
    expect(
      allMemoryPages(HAND_RECORDS, q(order, { kind: 'HAS_COMMENTS', negate: true }), ctx, 1),
    ).toEqual(['r3', 'r2']);
    expect(idsOf((await firstMongoPage(q(order), { limit: 2, offset: 1 }, ctx)).items)).toEqual([
      'r3',
      'r5',
    ]);
  });
});

describe('paging', () => {
  const records = makeRecords(150, 3);
  const ctx = { attributes: ATTRIBUTES, tasks: TASKS, scope: SCOPE };
  const orders: Order[] = [
    { kind: 'DEFAULT' },
    {
      kind: 'FIELDS',
      keys: [
        { kind: 'ATTRIBUTE', attribute: 'topic', direction: 'DESC' },
        { kind: 'ATTRIBUTE', attribute: 'count', direction: 'ASC' },
      ],
    },
    { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: 't2', direction: 'DESC' }] },
    { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'flag', direction: 'DESC' }] },
    { kind: 'RANDOM', seed: 'x' },
  ];

  it.each(orders.map((o) => [o.kind === 'FIELDS' ? JSON.stringify(o.keys) : o.kind, o] as const))(
    'keyset pages of %s concatenate to the full order without duplicates or gaps',
    async (_name, order) => {
      const filter: Condition = { kind: 'MANUAL_LABEL', taskId: 't1', op: 'HAS_NONE' };
      const prepared = prepareQuery(q(order, filter), ctx);
      const full = idsOf(records.filter(prepared.matches).sort(prepared.compare));
      for (const limit of [3, 50]) {
        expect(await allMongoPages(records, q(order, filter), ctx, limit)).toEqual(full);
        expect(allMemoryPages(records, q(order, filter), ctx, limit)).toEqual(full);
      }
      expect(new Set(full).size).toBe(full.length);
    },
  );

  it('cursors are interchangeable between the Mongo and the in-memory executor', async () => {
    const query = q(orders[1]!);
    const compiled = compileQuery(query, ctx);
    const first = await readPage(
      compiled,
      { limit: 30, cursor: null },
      new InterpretedSource(records),
    );
    const second = evaluatePage(records, prepareQuery(query, ctx), {
      limit: 30,
      cursor: first.nextCursor,
    });
    const both = await readPage(
      compiled,
      { limit: 60, cursor: null },
      new InterpretedSource(records),
    );
    expect([...idsOf(first.items), ...idsOf(second.items)]).toEqual(idsOf(both.items));
  });

  it('returns the total count with the page, and null cursor on the last page', async () => {
    const page = await firstMongoPage(q({ kind: 'DEFAULT' }, { kind: 'HAS_COMMENTS' }), {
      limit: 2,
      offset: 0,
    });
    expect(page.total).toBe(2);
    expect(page.nextCursor).toBeNull();
    const mem = evaluatePage(
      HAND_RECORDS,
      prepareQuery(q({ kind: 'DEFAULT' }, { kind: 'HAS_COMMENTS' }), handCtx),
      { limit: 1, offset: 0 },
    );
    expect(mem.total).toBe(2);
    expect(mem.nextCursor).not.toBeNull();
  });

  it('offset pages return a cursor for continuing with keyset paging', async () => {
    const query = q({ kind: 'DEFAULT' });
    const byOffset = await firstMongoPage(query, { limit: 2, offset: 2 });
    const next = await firstMongoPage(query, { limit: 2, cursor: byOffset.nextCursor });
    expect(idsOf(next.items)).toEqual(['r5', 'r6']);
  });

  it('reads only one segment when the page fits in it', async () => {
    const compiled = compileQuery(q({ kind: 'RANDOM', seed: 1 }), ctx);
    const source = new InterpretedSource(records);
    await readPage(compiled, { limit: 5, cursor: null }, source);
    expect(source.calls).toEqual({ find: 1, count: 0 });
  });

  it.each<[string, (order: Order) => string]>([
    ['garbage', () => '%%%'],
    ['valid base64 of non-JSON', () => btoa('hello')],
    [
      'a cursor of another ordering',
      () => encodeCursor({ kind: 'RANDOM', seed: 2 }, { segment: 0, values: [0.5, 'r1'] }),
    ],
    ['a key of the wrong length', (order) => encodeCursor(order, { segment: 0, values: [1] })],
    ['a segment out of range', (order) => encodeCursor(order, { segment: 2, values: [0.5, 'r1'] })],
  ])('rejects %s as cursor', async (_name, make) => {
    const order: Order = { kind: 'RANDOM', seed: 1 };
    const compiled = compileQuery(q(order), ctx);
    const cursor = make(order);
    await expect(
      readPage(compiled, { limit: 5, cursor }, new InterpretedSource(records)),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR', issues: [{ path: 'page.cursor' }] });
    expect(() => evaluatePage(records, prepareQuery(q(order), ctx), { limit: 5, cursor })).toThrow(
      QueryError,
    );
  });
});
