import { strToU8, zipSync } from 'fflate';
import { inferSchema } from './infer-schema.js';
import type { IngestOptions } from './ingest-types.js';
import { parseRows } from './parse-rows.js';
import { bytesOf, collect, endless, problemsOf } from './sources.spec-helper.js';

const enc = new TextEncoder();
const csv = (text: string, opts: Partial<IngestOptions> = {}) =>
  inferSchema(bytesOf(text, 5), { format: 'csv', ...opts });

describe('file-level problems', () => {
  it('TOO_LARGE: rejects while streaming, before the source is read past the limit', async () => {
    // the source throws if asked for more than 10 KiB past the limit: only streaming rejection passes
    const header = enc.encode('a,b\n');
    const source = (async function* () {
      yield header;
      yield* endless(enc.encode('1,2\n'.repeat(256)), 64 * 1024 + 10 * 1024);
    })();
    const problems = await problemsOf(
      inferSchema(source, { format: 'csv', limits: { maxBytes: 64 * 1024 } }),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'TOO_LARGE' })]);
  });

  it('TOO_LARGE applies to JSON and JSONL while streaming', async () => {
    for (const format of ['json', 'jsonl'] as const) {
      const source = (async function* () {
        yield enc.encode(format === 'json' ? '[' : '');
        yield* endless(enc.encode(' '.repeat(4096)), 100_000);
      })();
      const problems = await problemsOf(
        inferSchema(source, { format, limits: { maxBytes: 50_000 } }),
      );
      expect(problems[0]!.code).toBe('TOO_LARGE');
    }
  });

  it('TOO_LARGE applies to XLSX by its compressed size', async () => {
    const zip = zipSync(
      {
        'xl/worksheets/sheet1.xml': strToU8(
          `<worksheet><sheetData>${'<row/>'.repeat(20_000)}</sheetData></worksheet>`,
        ),
      },
      { level: 0 },
    );
    const problems = await problemsOf(
      inferSchema(bytesOf(zip, 1000), { format: 'xlsx', limits: { maxBytes: 50_000 } }),
    );
    expect(problems[0]!.code).toBe('TOO_LARGE');
  });

  it('TOO_MANY_ROWS: stops at the first row past the limit', async () => {
    const problems = await problemsOf(csv('a\n1\n2\n3\n4\n', { limits: { maxRows: 3 } }));
    expect(problems).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS', row: 4 })]);
  });

  it('TOO_MANY_COLUMNS: CSV header and JSON keys', async () => {
    expect((await problemsOf(csv('a,b,c\n1,2,3\n', { limits: { maxColumns: 2 } })))[0]!.code).toBe(
      'TOO_MANY_COLUMNS',
    );
    const json = inferSchema(bytesOf('[{"a":1},{"b":1},{"c":1}]'), {
      format: 'json',
      limits: { maxColumns: 2 },
    });
    expect((await problemsOf(json))[0]!.code).toBe('TOO_MANY_COLUMNS');
  });

  it('DUPLICATE_COLUMN names the column and both positions', async () => {
    const problems = await problemsOf(csv('a,b, a\n1,2,3\n'));
    expect(problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_COLUMN', column: 'a' })]);
    expect(problems[0]!.message).toContain('positions 1 and 3');
  });

  it('EMPTY_FILE: no bytes, a header without rows', async () => {
    expect((await problemsOf(csv('')))[0]!.code).toBe('EMPTY_FILE');
    expect((await problemsOf(csv('a,b\n')))[0]!.code).toBe('EMPTY_FILE');
    expect((await problemsOf(inferSchema(bytesOf('\n\n'), { format: 'jsonl' })))[0]!.code).toBe(
      'EMPTY_FILE',
    );
  });

  it('INVALID_UTF8: byte offset and the row it is in (CSV, JSONL, JSON)', async () => {
    const bad = (prefix: string, suffix: string) =>
      new Uint8Array([...enc.encode(prefix), 0xff, ...enc.encode(suffix)]);
    const inCsv = await problemsOf(
      inferSchema(bytesOf(bad('a\nx\ny', 'z\n'), 3), { format: 'csv' }),
    );
    expect(inCsv).toEqual([
      expect.objectContaining({ code: 'INVALID_UTF8', byteOffset: 5, row: 2, line: 3 }),
    ]);
    const inJsonl = await problemsOf(
      inferSchema(bytesOf(bad('{"a":1}\n{"a":"', '"}\n'), 4), { format: 'jsonl' }),
    );
    expect(inJsonl[0]).toMatchObject({ code: 'INVALID_UTF8', byteOffset: 14, line: 2 });
    const inJson = await problemsOf(
      inferSchema(bytesOf(bad('[{"a":"', '"}]')), { format: 'json' }),
    );
    expect(inJson[0]).toMatchObject({ code: 'INVALID_UTF8', byteOffset: 7, row: 1 });
  });

  it('MALFORMED: an unterminated quote fails the file even in lenient mode', async () => {
    const problems = await problemsOf(csv('a,b\n1,"open\n2,3\n', { lenient: true }));
    expect(problems).toEqual([expect.objectContaining({ code: 'MALFORMED', line: 2 })]);
  });

  it('file-level problems fail in lenient mode too', async () => {
    expect((await problemsOf(csv('a,a\n1,2\n', { lenient: true })))[0]!.code).toBe(
      'DUPLICATE_COLUMN',
    );
    expect(
      (
        await problemsOf(
          csv('a\n1\n', { lenient: true, existing: [{ name: 'b', dataType: 'TEXT' }] }),
        )
      )[0]!.code,
    ).toBe('SCHEMA_MISMATCH');
  });

  it('rejects bad options before reading', async () => {
    expect((await problemsOf(csv('a\n1\n', { limits: { maxRows: -1 } })))[0]!.code).toBe(
      'MALFORMED',
    );
    expect((await problemsOf(csv('a\n1\n', { delimiter: ';;' })))[0]!.code).toBe('MALFORMED');
    expect((await problemsOf(inferSchema(bytesOf('a'), { format: 'tsv' as never })))[0]!.code).toBe(
      'MALFORMED',
    );
  });
});

describe('row-level problems: strict vs lenient', () => {
  const text = [
    'id,n,t',
    '1,5,ok',
    '2,abc,ok',
    '3,7',
    '1,8,dup',
    '4,"x"y,bad quote',
    '5,9,fine',
    '',
  ].join('\n');
  const opts: IngestOptions = {
    format: 'csv',
    primaryKey: ['id'],
    typeOverrides: { n: 'INTEGER' },
  };
  const expected = [
    ['UNPARSEABLE_NUMBER', 2, 'n'],
    ['MALFORMED', 3, undefined],
    ['DUPLICATE_PRIMARY_KEY', 4, 'id'],
    ['MALFORMED', 5, 'n'],
    ['UNPARSEABLE_NUMBER', 5, 'n'],
  ];

  it('strict: collects every row problem of the file, then fails', async () => {
    const problems = await problemsOf(inferSchema(bytesOf(text, 6), opts));
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual(expected);
  });

  it('lenient: reports the same problems, skips those rows in both passes', async () => {
    const { schema, problems } = await inferSchema(bytesOf(text, 6), { ...opts, lenient: true });
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual(expected);
    expect(schema.rowCount).toBe(2);
    const batches = await collect(parseRows(bytesOf(text, 6), schema, { ...opts, lenient: true }));
    expect(batches.flatMap((b) => b.rows).map((r) => [r.row, r.key, r.data['n']])).toEqual([
      [1, '1', 5],
      [6, '5', 9],
    ]);
    expect(batches.reduce((n, b) => n + b.skipped, 0)).toBe(4);
  });

  it('lenient: the first of two duplicate keys wins and the problem names both rows', async () => {
    const { problems } = await inferSchema(bytesOf('id\na\nb\na\n'), {
      format: 'csv',
      primaryKey: ['id'],
      lenient: true,
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_PRIMARY_KEY', row: 3 })]);
    expect(problems[0]!.message).toMatch(/row 3 .* as row 1/);
  });

  it('CELL_TOO_LONG: CSV and JSON cells, with row and column', async () => {
    const long = 'x'.repeat(30);
    const c = await problemsOf(csv(`a,b\n1,${long}\n`, { limits: { maxCellChars: 20 } }));
    expect(c).toEqual([expect.objectContaining({ code: 'CELL_TOO_LONG', row: 1, column: 'b' })]);
    const j = await problemsOf(
      inferSchema(bytesOf(JSON.stringify([{ a: long }])), {
        format: 'json',
        limits: { maxCellChars: 20 },
      }),
    );
    expect(j).toEqual([expect.objectContaining({ code: 'CELL_TOO_LONG', row: 1, column: 'a' })]);
  });

  it('EMPTY_FILE when lenient mode skipped every row, with the row problems attached', async () => {
    const problems = await problemsOf(csv('a,b\n1\n2\n', { lenient: true }));
    expect(problems.map((p) => p.code)).toEqual(['EMPTY_FILE', 'MALFORMED', 'MALFORMED']);
  });

  it('gives up after maxProblems problems (memory stays bounded)', async () => {
    const rows = Array.from({ length: 20 }, () => 'x').join('\n');
    const problems = await problemsOf(
      csv(`a,b\n${rows}\n`, { lenient: true, limits: { maxProblems: 5 } }),
    );
    expect(problems).toHaveLength(6);
    expect(problems[5]).toMatchObject({ code: 'MALFORMED' });
    expect(problems[5]!.message).toContain('more than 5 problems');
  });
});

describe('parseRows', () => {
  it('yields batches with firstRow and growing bytesRead', async () => {
    const text = `h\n${Array.from({ length: 10 }, (_, i) => `v${i}`).join('\n')}\n`;
    const { schema } = await inferSchema(bytesOf(text, 8), { format: 'csv' });
    const batches = await collect(
      parseRows(bytesOf(text, 8), schema, { format: 'csv', batchSize: 4 }),
    );
    expect(batches.map((b) => [b.rows.length, b.firstRow])).toEqual([
      [4, 1],
      [4, 5],
      [2, 9],
    ]);
    expect(batches.map((b) => b.bytesRead)).toEqual(
      [...batches.map((b) => b.bytesRead)].sort((a, b) => a - b),
    );
    expect(batches.at(-1)!.bytesRead).toBe(text.length);
  });

  it('fails when the source changed since inferSchema (a row more, a new column, a bad value)', async () => {
    const { schema } = await inferSchema(bytesOf('n\n1\n2\n'), { format: 'csv' });
    const more = await problemsOf(
      collect(parseRows(bytesOf('n\n1\n2\n3\n'), schema, { format: 'csv' })),
    );
    expect(more[0]!.message).toContain('3 importable rows now, 2');
    const column = await problemsOf(
      collect(parseRows(bytesOf('n,m\n1,2\n'), schema, { format: 'csv' })),
    );
    expect(column[0]).toMatchObject({ code: 'SCHEMA_MISMATCH', column: 'm' });
    const value = await problemsOf(
      collect(parseRows(bytesOf('n\n1\nx\n'), schema, { format: 'csv' })),
    );
    expect(value[0]).toMatchObject({ code: 'UNPARSEABLE_NUMBER', row: 2, column: 'n' });
  });

  it('streams: the first batch arrives before the source is exhausted', async () => {
    const { schema } = await inferSchema(bytesOf('n\n1\n'), { format: 'csv' });
    const source = (async function* () {
      yield enc.encode('n\n');
      yield enc.encode('1\n2\n3\n');
      throw new Error('read too far');
    })();
    // pass 2 knows the delimiter from the schema, so nothing is sampled ahead
    const gen = parseRows(source, schema, { format: 'csv', batchSize: 2 });
    const first = await gen.next();
    expect(first.value).toMatchObject({
      firstRow: 1,
      rows: [{ data: { n: 1 } }, { data: { n: 2 } }],
    });
    await gen.return(undefined);
  });
});
