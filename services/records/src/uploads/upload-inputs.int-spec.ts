import ExcelJS from 'exceljs';
import { AttributeSubjects, RecordSubjects, TaskSubjects, UploadSubjects, type Upload } from '@refinery/contracts';
import { newProject } from '../test-support/fixtures.js';
import { RecordsHarness } from '../test-support/records-harness.js';
import { upload } from '../test-support/upload-client.js';

/** Every kind of bad input an upload can bring, each rejected with the row/column at fault. */
describe('upload inputs', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start({ RECORDS_UPLOAD_MAX_ROWS: '5', RECORDS_UPLOAD_MAX_COLUMNS: '4', RECORDS_UPLOAD_MAX_CELL_CHARS: '40' });
  });
  afterAll(async () => h?.close());

  const records = async (projectId: string) => (await h.call(RecordSubjects.list, {}, projectId)).records.map((r) => r.data);
  const failedWith = (u: Upload, problem: Record<string, unknown>) => {
    expect(u.state).toBe('FAILED');
    expect(u.problems).toContainEqual(expect.objectContaining(problem));
  };

  it.each([
    ['duplicate columns', 'id,text,text\n1,a,b\n', { code: 'DUPLICATE_COLUMN', column: 'text' }],
    ['a row with more cells than the header', 'id,score\n1,0.5\n2,0,7\n', { code: 'MALFORMED', row: 2 }],
    ['a header without rows', 'id,text\n', { code: 'EMPTY_FILE' }],
    ['too many rows', `id\n${[1, 2, 3, 4, 5, 6].join('\n')}\n`, { code: 'TOO_MANY_ROWS', row: 6 }],
    ['too many columns', 'a,b,c,d,e\n1,2,3,4,5\n', { code: 'TOO_MANY_COLUMNS' }],
    ['a cell over the character limit', `id,text\n1,${'x'.repeat(41)}\n`, { code: 'CELL_TOO_LONG', row: 1, column: 'text' }],
    ['an empty primary-key value', 'id,text\n1,a\n,b\n', { code: 'MISSING_PRIMARY_KEY', row: 2, column: 'id' }],
  ])('rejects %s and imports nothing', async (_name, csv, problem) => {
    const projectId = await newProject(h);
    failedWith(await upload(h, projectId, 'CSV', csv, { primaryKey: ['id'] }), problem);
    expect(await records(projectId)).toEqual([]);
    expect((await h.call(AttributeSubjects.list, {}, projectId)).attributes).toEqual([]);
  });

  // Found by the OpenAPI fuzz pass: per-column options are keyed by column names, which become document keys.
  it.each([['a.b'], ['$x'], ['a\u0000b']])('refuses upload options keyed by the column name %j, naming the field', async (column) => {
    const projectId = await newProject(h);
    const raw = async (options: Record<string, unknown>) => h.raw(UploadSubjects.start, { format: 'CSV', options }, projectId);
    expect(await raw({ dataTypes: { [column]: 'TEXT' } })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.options.dataTypes') });
    expect(await raw({ primaryKey: [column] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.options.primaryKey') });
  });

  it('rejects invalid UTF-8, naming where it is', async () => {
    const projectId = await newProject(h);
    const bytes = Buffer.concat([Buffer.from('id,text\n1,ok\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    failedWith(await upload(h, projectId, 'CSV', bytes), { code: 'INVALID_UTF8' });
    expect(await records(projectId)).toEqual([]);
  });

  it('rejects a number that does not parse as the declared type, naming row and column', async () => {
    const projectId = await newProject(h);
    failedWith(await upload(h, projectId, 'JSONL', '{"id":1,"n":2}\n{"id":2,"n":"2.5x"}\n', { dataTypes: { n: 'FLOAT' } }), { code: 'UNPARSEABLE_NUMBER', row: 2, column: 'n' });
  });

  it('imports XLSX with a composite primary key and a whole-record label column, then upserts by that key', async () => {
    const projectId = await newProject(h);
    const xlsx = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('data');
      ws.addRow(['lang', 'n', 'text', '__topic']);
      rows.forEach((r) => ws.addRow(r));
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const first = await upload(h, projectId, 'XLSX', await xlsx([['en', 1, 'Hello', 'greeting'], ['de', 1, 'Hallo', 'greeting'], ['en', 2, 'Bye', 'farewell']]), { primaryKey: ['lang', 'n'] }, 4_096);
    expect(first).toMatchObject({ state: 'COMPLETED', result: { created: 3, labelsImported: 3 } });
    const again = await upload(h, projectId, 'XLSX', await xlsx([['en', 1, 'Hello again', 'greeting'], ['fr', 1, 'Salut', 'greeting']]), {}, 4_096);
    expect(again).toMatchObject({ state: 'COMPLETED', result: { created: 1, updated: 1 } });
    expect(await records(projectId)).toEqual([
      { lang: 'en', n: 1, text: 'Hello again' },
      { lang: 'de', n: 1, text: 'Hallo' },
      { lang: 'en', n: 2, text: 'Bye' },
      { lang: 'fr', n: 1, text: 'Salut' },
    ]);
    const { tasks } = await h.call(TaskSubjects.list, {}, projectId);
    expect(tasks).toEqual([expect.objectContaining({ name: 'topic', kind: 'CLASSIFICATION', attributeId: null })]);
    expect(tasks[0]?.labels.map((l) => l.name)).toEqual(['greeting', 'farewell']);
  });
});
