import { inferSchema } from './infer-schema.js';
import type { ColumnSchema, IngestOptions } from './ingest-types.js';
import { parseRows } from './parse-rows.js';
import { bytesOf, collect, problemsOf } from './sources.spec-helper.js';

const csv = (lines: string[]): string => `${lines.join('\n')}\n`;
const infer = (text: string, opts: Partial<IngestOptions> = {}) =>
  inferSchema(bytesOf(text, 13), { format: 'csv', ...opts });
const types = (columns: ColumnSchema[]): Record<string, string> =>
  Object.fromEntries(columns.map((c) => [c.name, c.dataType]));
const repeat = (n: number, f: (i: number) => string): string[] =>
  Array.from({ length: n }, (_, i) => f(i));

describe('inferSchema: type inference', () => {
  it('infers INTEGER, FLOAT, BOOLEAN, EMBEDDING_LIST and TEXT from the values', async () => {
    const { schema } = await infer(
      csv(['i,f,b,l,t', '0,1.5,true,"[""a""]",hello', '-3,2,FALSE,[],world']),
    );
    expect(types(schema.columns)).toEqual({
      i: 'INTEGER',
      f: 'FLOAT',
      b: 'BOOLEAN',
      l: 'EMBEDDING_LIST',
      t: 'TEXT',
      running_id: 'INTEGER',
    });
    expect(schema.columns.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('ignores empty cells (and treats integer 0 as a value)', async () => {
    const { schema } = await infer(csv(['n,e', ',', '0,', '  ,']));
    expect(schema.columns[0]).toMatchObject({ name: 'n', dataType: 'INTEGER', nonEmpty: 1 });
    // a column without any value is TEXT
    expect(schema.columns[1]).toMatchObject({ name: 'e', dataType: 'TEXT', nonEmpty: 0 });
  });

  it('takes JSON booleans, numbers and string arrays at their type', async () => {
    const json = JSON.stringify([
      { b: true, n: 1, x: 1.25, l: ['a', 'b'] },
      { b: false, n: 2, x: 3, l: [] },
    ]);
    const { schema } = await inferSchema(bytesOf(json, 5), { format: 'json' });
    expect(types(schema.columns)).toMatchObject({
      b: 'BOOLEAN',
      n: 'INTEGER',
      x: 'FLOAT',
      l: 'EMBEDDING_LIST',
    });
  });

  it('makes a mixed column TEXT', async () => {
    const { schema } = await infer(csv(['m', '1', '2.5', 'abc']));
    expect(schema.columns[0]).toMatchObject({ dataType: 'TEXT', inferred: 'TEXT' });
  });

  it('keeps leading-zero codes as text (identifiers, not numbers)', async () => {
    const { schema } = await infer(csv(['zip', '01234', '12345']));
    expect(schema.columns[0]!.dataType).toBe('TEXT');
  });

  describe('CATEGORY: ≤ 20 distinct texts of ≤ 50 chars, ≥ 10 values, each value twice on average', () => {
    const column = async (values: string[]) =>
      (await infer(csv(['c', ...values]))).schema.columns[0]!.dataType;

    it('is CATEGORY for few repeated short values', async () => {
      expect(await column(repeat(10, (i) => ['red', 'green'][i % 2]!))).toBe('CATEGORY');
      expect(await column(repeat(40, (i) => `v${i % 20}`))).toBe('CATEGORY');
    });

    it('is TEXT with 21 distinct values', async () => {
      expect(await column(repeat(42, (i) => `v${i % 21}`))).toBe('TEXT');
    });

    it('is TEXT when a value is longer than 50 characters', async () => {
      expect(await column(repeat(20, (i) => (i === 3 ? 'x'.repeat(51) : ['a', 'b'][i % 2]!)))).toBe(
        'TEXT',
      );
    });

    it('is TEXT with fewer than 10 values', async () => {
      expect(await column(repeat(9, (i) => ['a', 'b'][i % 2]!))).toBe('TEXT');
    });

    it('is TEXT when values do not repeat enough (12 values, 7 distinct)', async () => {
      expect(await column(repeat(12, (i) => `v${i % 7}`))).toBe('TEXT');
    });
  });
});

describe('inferSchema: type overrides', () => {
  it('applies a valid override and keeps the inferred type beside it', async () => {
    const { schema } = await infer(csv(['n', '1', '2']), { typeOverrides: { n: 'TEXT' } });
    expect(schema.columns[0]).toMatchObject({ dataType: 'TEXT', inferred: 'INTEGER' });
  });

  it('reports a value the override cannot hold with its row and column', async () => {
    const problems = await problemsOf(
      infer(csv(['id,n', '1,5', '2,abc']), { typeOverrides: { n: 'INTEGER' } }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNPARSEABLE_NUMBER', row: 2, line: 3, column: 'n' }),
    ]);
  });

  it('reports BOOLEAN and EMBEDDING_LIST overrides that do not fit as INVALID_VALUE', async () => {
    const problems = await problemsOf(
      infer(csv(['b,l', 'yes,a']), { typeOverrides: { b: 'BOOLEAN', l: 'EMBEDDING_LIST' } }),
    );
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['INVALID_VALUE', 1, 'b'],
      ['INVALID_VALUE', 1, 'l'],
    ]);
  });

  it('rejects an override of a column that is not in the file, or of a label column', async () => {
    const problems = await problemsOf(
      infer(csv(['a,a__task', 'x,y']), { typeOverrides: { nope: 'TEXT', a__task: 'TEXT' } }),
    );
    expect(problems.map((p) => [p.code, p.column])).toEqual([
      ['SCHEMA_MISMATCH', 'nope'],
      ['SCHEMA_MISMATCH', 'a__task'],
    ]);
  });

  it('rejects an unknown data type before reading', async () => {
    const problems = await problemsOf(infer('a\n1\n', { typeOverrides: { a: 'DATE' as never } }));
    expect(problems[0]).toMatchObject({ code: 'SCHEMA_MISMATCH', column: 'a' });
  });
});

describe('inferSchema: primary keys', () => {
  it('adds a running_id when no key is given and the file has none', async () => {
    const text = csv(['h', 'a', 'b', 'c']);
    const { schema } = await infer(text);
    expect(schema).toMatchObject({ addsRunningId: true, primaryKey: ['running_id'], rowCount: 3 });
    expect(schema.columns.at(-1)).toMatchObject({
      name: 'running_id',
      dataType: 'INTEGER',
      added: true,
    });
    const rows = (await collect(parseRows(bytesOf(text), schema, { format: 'csv' }))).flatMap(
      (b) => b.rows,
    );
    expect(rows.map((r) => [r.data['running_id'], r.key])).toEqual([
      [0, '0'],
      [1, '1'],
      [2, '2'],
    ]);
  });

  it('continues a running_id from runningIdStart (re-uploads)', async () => {
    const text = csv(['h', 'a', 'b']);
    const { schema } = await infer(text);
    const rows = (
      await collect(parseRows(bytesOf(text), schema, { format: 'csv', runningIdStart: 100 }))
    ).flatMap((b) => b.rows);
    expect(rows.map((r) => r.data['running_id'])).toEqual([100, 101]);
  });

  it("uses the file's running_id column as the key", async () => {
    const { schema } = await infer(csv(['running_id,h', '5,a', '7,b']));
    expect(schema).toMatchObject({ addsRunningId: false, primaryKey: ['running_id'] });
    const problems = await problemsOf(infer(csv(['running_id,h', '5,a', '5,b'])));
    expect(problems[0]).toMatchObject({
      code: 'DUPLICATE_PRIMARY_KEY',
      row: 2,
      column: 'running_id',
    });
  });

  it('checks a composite key as a whole and names both rows of a duplicate', async () => {
    const ok = await infer(csv(['a,b', '1,x', '1,y', '2,x']), { primaryKey: ['a', 'b'] });
    expect(ok.schema).toMatchObject({ primaryKey: ['a', 'b'], addsRunningId: false });
    const problems = await problemsOf(
      infer(csv(['a,b', '1,x', '1,y', '2,x', '1,y']), { primaryKey: ['a', 'b'] }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_PRIMARY_KEY', row: 4, column: 'a, b' }),
    ]);
    expect(problems[0]!.message).toContain('as row 2');
  });

  it('gives composite keys a canonical JSON string', async () => {
    const text = csv(['a,b', '1,x']);
    const { schema } = await infer(text, { primaryKey: ['a', 'b'] });
    const [batch] = await collect(
      parseRows(bytesOf(text), schema, { format: 'csv', primaryKey: ['a', 'b'] }),
    );
    expect(batch!.rows[0]!.key).toBe('["1","x"]');
  });

  it('rejects a key column that is not in the file, and an empty key cell', async () => {
    expect((await problemsOf(infer(csv(['a', '1']), { primaryKey: ['id'] })))[0]).toMatchObject({
      code: 'MISSING_PRIMARY_KEY',
      column: 'id',
    });
    expect(
      (await problemsOf(infer(csv(['id,a', '1,x', ',y']), { primaryKey: ['id'] })))[0],
    ).toMatchObject({ code: 'MISSING_PRIMARY_KEY', row: 2, column: 'id' });
  });

  it('rejects a key named twice', async () => {
    expect((await problemsOf(infer(csv(['a', '1']), { primaryKey: ['a', 'a'] })))[0]!.code).toBe(
      'MISSING_PRIMARY_KEY',
    );
  });
});

describe('inferSchema: label columns', () => {
  it('marks attr__task and __task columns as labels, not attributes', async () => {
    const text = csv(['headline,headline__clickbait,__sentiment', 'Wow,yes,positive', 'Meh,,']);
    const { schema } = await infer(text);
    expect(schema.columns.slice(1, 3).map((c) => c.label)).toEqual([
      { attribute: 'headline', task: 'clickbait' },
      { attribute: null, task: 'sentiment' },
    ]);
    const rows = (await collect(parseRows(bytesOf(text), schema, { format: 'csv' }))).flatMap(
      (b) => b.rows,
    );
    expect(rows[0]).toMatchObject({
      data: { headline: 'Wow', running_id: 0 },
      labels: [
        { attribute: 'headline', task: 'clickbait', value: 'yes' },
        { attribute: null, task: 'sentiment', value: 'positive' },
      ],
    });
    // empty cells give no label, and label columns never reach data
    expect(rows[1]).toMatchObject({ data: { headline: 'Meh', running_id: 1 }, labels: [] });
    expect(Object.keys(rows[1]!.data)).toEqual(['headline', 'running_id']);
  });

  it('treats a name ending in __ as an ordinary column', async () => {
    const { schema } = await infer(csv(['note__', 'x']));
    expect(schema.columns[0]!.label).toBeUndefined();
  });

  it('rejects a label column whose attribute is not a column', async () => {
    const problems = await problemsOf(infer(csv(['text,title__task', 'a,b'])));
    expect(problems[0]).toMatchObject({ code: 'MALFORMED', column: 'title__task' });
  });

  it('rejects a list as a label value', async () => {
    const json = JSON.stringify([{ t: 'x', __task: ['a'] }]);
    const problems = await problemsOf(inferSchema(bytesOf(json), { format: 'json' }));
    expect(problems[0]).toMatchObject({ code: 'INVALID_VALUE', row: 1, column: '__task' });
  });
});

describe('inferSchema: re-uploads (existing attributes)', () => {
  const existing = [
    { name: 'headline', dataType: 'TEXT' as const },
    { name: 'score', dataType: 'FLOAT' as const },
    { name: 'running_id', dataType: 'INTEGER' as const },
  ];

  it("accepts a matching file and stores the project's types (INTEGER values into FLOAT)", async () => {
    const { schema } = await infer(csv(['headline,score', 'a,1', 'b,2']), { existing });
    expect(schema.columns.find((c) => c.name === 'score')).toMatchObject({
      dataType: 'FLOAT',
      inferred: 'INTEGER',
    });
  });

  it('reports a new column, a missing column and a type change, each by name', async () => {
    const problems = await problemsOf(
      infer(csv(['headline,extra', 'a,x']), {
        existing: [...existing, { name: 'n', dataType: 'INTEGER' }],
      }),
    );
    expect(problems.map((p) => [p.code, p.column])).toEqual([
      ['SCHEMA_MISMATCH', 'extra'],
      ['SCHEMA_MISMATCH', 'score'],
      ['SCHEMA_MISMATCH', 'n'],
    ]);
    const typeChange = await problemsOf(
      infer(csv(['headline,score', 'a,1', 'b,high']), { existing }),
    );
    expect(typeChange).toEqual([
      expect.objectContaining({ code: 'SCHEMA_MISMATCH', column: 'score', row: 2 }),
    ]);
    expect(typeChange[0]!.message).toContain('FLOAT');
  });

  it('rejects lists for a TEXT attribute and an override that contradicts the project', async () => {
    const lists = await problemsOf(
      inferSchema(bytesOf(JSON.stringify([{ headline: ['a'], score: 1 }])), {
        format: 'json',
        existing,
      }),
    );
    expect(lists[0]).toMatchObject({ code: 'SCHEMA_MISMATCH', column: 'headline' });
    const override = await problemsOf(
      infer(csv(['headline,score', 'a,1']), { existing, typeOverrides: { score: 'TEXT' } }),
    );
    expect(override[0]).toMatchObject({ code: 'SCHEMA_MISMATCH', column: 'score' });
  });
});
