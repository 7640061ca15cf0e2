import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { inferSchema } from './infer-schema.js';
import type { IngestOptions, IngestSchema, ParsedRow } from './ingest-types.js';
import { parseRows } from './parse-rows.js';
import { bytesOf, collect, problemsOf } from './sources.spec-helper.js';

async function both(
  data: string | Uint8Array,
  opts: IngestOptions,
  chunk = 7,
): Promise<{ schema: IngestSchema; rows: ParsedRow[] }> {
  const { schema } = await inferSchema(bytesOf(data, chunk), opts);
  const rows = (await collect(parseRows(bytesOf(data, chunk), schema, opts))).flatMap(
    (b) => b.rows,
  );
  return { schema, rows };
}

describe('CSV', () => {
  it('reads BOM, CRLF, quoted fields with newlines and quotes', async () => {
    const { schema, rows } = await both(
      '\uFEFFid,text\r\n1,"line one\r\nline ""two"""\r\n2,plain\r\n',
      { format: 'csv', primaryKey: ['id'] },
    );
    expect(schema.columns.map((c) => c.name)).toEqual(['id', 'text']);
    expect(rows.map((r) => r.data)).toEqual([
      { id: 1, text: 'line one\r\nline "two"' },
      { id: 2, text: 'plain' },
    ]);
  });

  it.each([
    [';', 'a;b\n1,5;x\n'],
    ['\t', 'a\tb\n1\tx\n'],
    ['|', 'a|b\n1|x\n'],
  ])('detects the delimiter %j and records it in the schema', async (delimiter, text) => {
    const { schema, rows } = await both(text, { format: 'csv' });
    expect(schema.delimiter).toBe(delimiter);
    expect(Object.keys(rows[0]!.data)).toEqual(['a', 'b', 'running_id']);
  });

  it('uses a given delimiter', async () => {
    const { schema } = await both('a;b,c\n1;2,3\n', { format: 'csv', delimiter: ',' });
    expect(schema.columns.map((c) => c.name)).toEqual(['a;b', 'c', 'running_id']);
  });

  it('trims header names and names an empty one like pandas (Unnamed: i)', async () => {
    const { schema } = await both(',  name \n0,x\n', { format: 'csv' });
    expect(schema.columns.map((c) => c.name)).toEqual(['Unnamed: 0', 'name', 'running_id']);
  });

  it('skips blank lines and keeps data row numbers dense with the physical line beside them', async () => {
    const problems = await problemsOf(inferSchema(bytesOf('a,b\n\n1,2\n\n3\n'), { format: 'csv' }));
    expect(problems[0]).toMatchObject({ code: 'MALFORMED', row: 2, line: 5 });
  });
});

describe('JSON', () => {
  it('streams a top-level array of objects; keys met later become columns', async () => {
    const text = JSON.stringify([{ a: 1 }, { a: 2, b: 'x' }, { b: 'y' }]);
    const { schema, rows } = await both(text, { format: 'json' }, 3);
    expect(schema.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['a', 'INTEGER'],
      ['b', 'TEXT'],
      ['running_id', 'INTEGER'],
    ]);
    expect(rows.map((r) => r.data)).toEqual([
      { a: 1, b: null, running_id: 0 },
      { a: 2, b: 'x', running_id: 1 },
      { a: null, b: 'y', running_id: 2 },
    ]);
  });

  it('rejects a nested object naming the column and row', async () => {
    const problems = await problemsOf(
      inferSchema(bytesOf('[{"a":1,"meta":{"x":1}}]'), { format: 'json' }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', row: 1, column: 'meta' }),
    ]);
  });

  it('rejects a top-level object, an element that is not an object, and broken syntax', async () => {
    expect((await problemsOf(inferSchema(bytesOf('{"a":1}'), { format: 'json' })))[0]!.code).toBe(
      'MALFORMED',
    );
    expect(
      (await problemsOf(inferSchema(bytesOf('[{"a":1}, 5]'), { format: 'json' })))[0],
    ).toMatchObject({ code: 'MALFORMED', row: 2 });
    expect(
      (await problemsOf(inferSchema(bytesOf('[{"a":1}, {"a":}]'), { format: 'json' })))[0],
    ).toMatchObject({ code: 'MALFORMED', row: 2 });
    expect(
      (await problemsOf(inferSchema(bytesOf('[{"a":1}'), { format: 'json' })))[0],
    ).toMatchObject({ code: 'MALFORMED' });
  });

  it('reports an empty file and an empty array', async () => {
    expect((await problemsOf(inferSchema(bytesOf('  '), { format: 'json' })))[0]!.code).toBe(
      'EMPTY_FILE',
    );
    expect((await problemsOf(inferSchema(bytesOf('[]'), { format: 'json' })))[0]!.code).toBe(
      'EMPTY_FILE',
    );
  });
});

describe('JSONL', () => {
  it('reads one object per line, ignoring blank lines', async () => {
    const { rows } = await both('{"a":1}\n\n{"a":2}\r\n   \n{"a":3}', { format: 'jsonl' }, 4);
    expect(rows.map((r) => r.data['a'])).toEqual([1, 2, 3]);
  });

  it('names the line of an invalid record', async () => {
    const problems = await problemsOf(
      inferSchema(bytesOf('{"a":1}\n\n{"a":\n[1]\n'), { format: 'jsonl' }),
    );
    expect(problems.map((p) => [p.code, p.row, p.line])).toEqual([
      ['MALFORMED', 2, 3],
      ['MALFORMED', 3, 4],
    ]);
  });
});

async function excel(rows: unknown[][], sheets: [string, unknown[][]][] = []): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, data] of [['Data', rows] as [string, unknown[][]], ...sheets]) {
    const ws = wb.addWorksheet(name);
    for (const r of data) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A minimal workbook, with the parts in the order given (Excel puts sharedStrings after the sheets). */
function handmade(
  sheetXml: string,
  opts: { shared?: string[]; sharedFirst?: boolean } = {},
): Uint8Array {
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ],
    [
      'xl/workbook.xml',
      '<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ],
  ];
  const sheet: [string, string] = [
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0"?><worksheet><sheetData>${sheetXml}</sheetData></worksheet>`,
  ];
  const shared: [string, string] = [
    'xl/sharedStrings.xml',
    `<sst>${(opts.shared ?? []).map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
  ];
  const ordered = opts.sharedFirst ? [...parts, shared, sheet] : [...parts, sheet, shared];
  return zipSync(Object.fromEntries(ordered.map(([n, x]) => [n, strToU8(x)])));
}

describe('XLSX', () => {
  it('reads the first sheet of an exceljs workbook with its types', async () => {
    const data = await excel([
      ['id', 'headline', 'score', 'ok'],
      [1, 'Hello', 1.5, true],
      [2, 'World', 2, false],
    ]);
    const { schema, rows } = await both(data, { format: 'xlsx', primaryKey: ['id'] }, 1000);
    expect(schema.sheet).toBe('Data');
    expect(schema.columns.map((c) => [c.name, c.dataType])).toEqual([
      ['id', 'INTEGER'],
      ['headline', 'TEXT'],
      ['score', 'FLOAT'],
      ['ok', 'BOOLEAN'],
    ]);
    expect(rows.map((r) => r.data)).toEqual([
      { id: 1, headline: 'Hello', score: 1.5, ok: true },
      { id: 2, headline: 'World', score: 2, ok: false },
    ]);
  });

  it('reads a sheet chosen by name, and names the sheets when it is missing', async () => {
    const data = await excel([['a'], ['first']], [['Second', [['b'], ['x'], ['y']]]]);
    const { schema, rows } = await both(data, { format: 'xlsx', sheet: 'Second' }, 512);
    expect(schema).toMatchObject({ sheet: 'Second', rowCount: 2 });
    expect(rows[1]!.data['b']).toBe('y');
    const problems = await problemsOf(
      inferSchema(bytesOf(data), { format: 'xlsx', sheet: 'Nope' }),
    );
    expect(problems[0]!.message).toContain('"Data", "Second"');
  });

  it.each([false, true])(
    'resolves shared strings whether they come after the sheet or before (sharedFirst=%s)',
    async (sharedFirst) => {
      const sheet =
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>7</v></c></row>';
      const { rows } = await both(
        handmade(sheet, { shared: ['text', 'n', 'a &amp; b'], sharedFirst }),
        { format: 'xlsx' },
        50,
      );
      expect(rows[0]!.data).toEqual({ text: 'a & b', n: 7, running_id: 0 });
    },
  );

  it('reads inline strings, prefixed tags, sparse cells and skips empty rows', async () => {
    const sheet =
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:r><x:t>c</x:t></x:r><x:r><x:t>2</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row r="3"/><x:row r="4"><x:c r="C4" t="b"><x:v>1</x:v></x:c></x:row>';
    const { schema, rows } = await both(handmade(sheet), { format: 'xlsx' });
    expect(schema.columns.map((c) => c.name)).toEqual(['a', 'Unnamed: 1', 'c2', 'running_id']);
    expect(rows).toEqual([
      expect.objectContaining({
        row: 1,
        data: { a: null, 'Unnamed: 1': null, c2: true, running_id: 0 },
      }),
    ]);
  });

  it('reports an Excel error cell and a value outside the header as row problems', async () => {
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c></row><row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2</v></c></row>';
    const problems = await problemsOf(inferSchema(bytesOf(handmade(sheet)), { format: 'xlsx' }));
    expect(problems.map((p) => [p.code, p.row, p.line, p.column])).toEqual([
      ['INVALID_VALUE', 1, 2, 'a'],
      ['MALFORMED', 2, 3, undefined],
    ]);
  });

  it('rejects a file that is not a zip, a zip that is not a workbook, and an empty sheet', async () => {
    expect(
      (await problemsOf(inferSchema(bytesOf('a,b\n1,2\n'), { format: 'xlsx' })))[0]!.message,
    ).toContain('not a zip');
    expect(
      (
        await problemsOf(
          inferSchema(bytesOf(zipSync({ 'x.txt': strToU8('x') })), { format: 'xlsx' }),
        )
      )[0]!.message,
    ).toContain('no xl/workbook.xml');
    expect(
      (await problemsOf(inferSchema(bytesOf(handmade('')), { format: 'xlsx' })))[0]!.code,
    ).toBe('EMPTY_FILE');
  });
});
