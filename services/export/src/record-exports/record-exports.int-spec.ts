import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import {
  AssociationSubjects,
  AttributeSubjects,
  ExportSourceSubjects,
  HealthSubjects,
  HeuristicSubjects,
  ProjectSubjects,
  RecordExportSubjects,
  RecordSubjects,
  SessionSubjects,
  SliceSubjects,
  TaskSubjects,
  type Actor,
  type LabelingTask,
  type RecordExport,
  type RecordExportOptions,
  type RequestContract,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
import type { z } from 'zod';
// An export is a conversation with the records and heuristics services: the test runs them (as tests/platform does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

const OWNER: Actor = { userId: 'ada', orgId: 'org-exports', role: 'owner' };
const STRANGER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };
type Row = Record<string, unknown>;

const HEADLINES = ['Berlin passes the budget', 'You will not believe this', 'Cats rule', 'Quiet day'];
const NOTES = ['=HYPERLINK("http://x")', '+1 more', '@SUM(A1)', 'plain - text'];

describe('record exports', () => {
  let records: RunningService;
  let heuristics: RunningService;
  let exporter: RunningService;
  let client: TestBus;
  let projectId: string;
  let ids: string[];
  let clickbait: LabelingTask;
  let topics: LabelingTask;
  let entities: LabelingTask;
  let hasDigit: string;
  let otherHeuristic: string;

  const call = <C extends RequestContract>(contract: C, payload: z.input<C['request']>, actor: Actor = OWNER): Promise<z.infer<C['reply']>> =>
    client.bus.request(contract, payload, { actor, projectId, timeoutMs: 30_000 });
  const label = (t: LabelingTask, name: string): string => t.labels.find((l) => l.name === name)?.id ?? '';

  async function failure(contract: RequestContract, payload: unknown, actor: Actor = OWNER): Promise<{ code: string; message: string }> {
    try {
      await client.bus.request(contract, payload as never, { actor, projectId, timeoutMs: 30_000 });
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error(`${contract.subject} succeeded but should fail`);
  }

  async function writeSource(source: 'HEURISTIC' | 'WEAK_SUPERVISION', sourceId: string, taskId: string, items: { recordId: string; labelId: string; confidence: number; start?: number; end?: number }[]): Promise<void> {
    const ref = { source, sourceId, taskId };
    const { generation } = await call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' });
    await call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items });
    await call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation });
  }

  async function finished(exportId: string): Promise<RecordExport> {
    return expectEventually(
      async () => {
        const e = await call(RecordExportSubjects.get, { exportId });
        if (e.state === 'FAILED') return e;
        if (e.state !== 'DONE') throw new Error(`export ${exportId} is ${e.state}`);
        return e;
      },
      { timeoutMs: 30_000 },
    );
  }

  /** Prepares an export, waits for it and downloads it piece by piece (small pieces: several requests). */
  async function exportFile(options: z.input<typeof RecordExportSubjects.prepare.request>, piece = 4_096): Promise<{ meta: RecordExport; bytes: Buffer }> {
    const queued = await call(RecordExportSubjects.prepare, options);
    expect(queued.state).toBe('QUEUED');
    const meta = await finished(queued.id);
    expect(meta).toMatchObject({ state: 'DONE', error: null });
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const part = await call(RecordExportSubjects.download, { exportId: meta.id, offset, length: piece });
      parts.push(Buffer.from(part.data, 'base64'));
      offset += part.length;
      if (part.done) break;
    }
    const stored = Buffer.concat(parts);
    expect(stored.length).toBe(meta.storedSize);
    const bytes = meta.contentEncoding === 'gzip' ? gunzipSync(stored) : stored;
    expect(bytes.length).toBe(meta.size);
    return { meta, bytes };
  }

  async function rowsOf(options: z.input<typeof RecordExportSubjects.prepare.request>): Promise<{ columns: string[]; rows: Row[]; meta: RecordExport }> {
    const { meta, bytes } = await exportFile(options);
    let file: Buffer = bytes;
    if (options.zip) {
      const entries = unzipSync(bytes);
      const names = Object.keys(entries);
      expect(names).toHaveLength(1);
      expect(`${names[0]}.zip`).toBe(meta.fileName);
      file = Buffer.from(entries[names[0] ?? ''] ?? new Uint8Array());
    }
    switch (options.format) {
      case 'JSON': {
        const rows = JSON.parse(file.toString('utf8')) as Row[];
        return { columns: Object.keys(rows[0] ?? {}), rows, meta };
      }
      case 'JSONL': {
        const rows = file.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
        return { columns: Object.keys(rows[0] ?? {}), rows, meta };
      }
      case 'CSV': {
        const table = parseCsv(file.toString('utf8'), { relax_column_count: false }) as string[][];
        const [header = [], ...body] = table;
        return { columns: header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), meta };
      }
      case 'XLSX': {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(file as unknown as ExcelJS.Buffer);
        const sheet = book.getWorksheet('records');
        const table: unknown[][] = [];
        sheet?.eachRow({ includeEmpty: true }, (r) => table.push((r.values as unknown[]).slice(1)));
        const [header = [], ...body] = table;
        const names = header.map(String);
        return { columns: names, rows: body.map((r) => Object.fromEntries(names.map((h, i) => [h, r[i] ?? null]))), meta };
      }
    }
  }

  beforeAll(async () => {
    const env = testEnv();
    records = await startService(recordsService, env, []);
    heuristics = await startService(heuristicsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    for (const service of ['records', 'heuristics', 'export'] as const) {
      await expectEventually(() => client.bus.request(HealthSubjects[service].check, {}), { timeoutMs: 15_000 });
    }
    projectId = (await client.bus.request(ProjectSubjects.create, { name: 'exports' }, { actor: OWNER })).id;
    await call(AttributeSubjects.create, { name: 'id', dataType: 'INTEGER', isPrimaryKey: true });
    const headline = await call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT' });
    await call(AttributeSubjects.create, { name: 'note', dataType: 'TEXT' });
    await call(RecordSubjects.add, { records: HEADLINES.map((h, i) => ({ data: { id: i + 1, headline: h, note: NOTES[i] ?? '' } })) });
    ids = (await call(RecordSubjects.list, { limit: 10 })).records.map((r) => r.id);
    clickbait = await call(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'yes' }, { name: 'no' }] });
    topics = await call(TaskSubjects.create, { name: 'topics', kind: 'MULTI_LABEL_CLASSIFICATION', attributeId: headline.id, labels: [{ name: 'politics' }, { name: 'fun' }, { name: 'animals' }] });
    entities = await call(TaskSubjects.create, { name: 'entities', kind: 'EXTRACTION', attributeId: headline.id, labels: [{ name: 'place' }, { name: 'animal' }] });
    const [r1 = '', r2 = '', r3 = '', r4 = ''] = ids;
    await call(AssociationSubjects.classify, { recordId: r1, taskId: clickbait.id, labelIds: [label(clickbait, 'no')] });
    await call(AssociationSubjects.classify, { recordId: r2, taskId: clickbait.id, labelIds: [label(clickbait, 'yes')] });
    await call(AssociationSubjects.classify, { recordId: r1, taskId: topics.id, labelIds: [label(topics, 'politics')] });
    await call(AssociationSubjects.classify, { recordId: r3, taskId: topics.id, labelIds: [label(topics, 'fun'), label(topics, 'animals')] });
    await call(AssociationSubjects.addSpan, { recordId: r1, taskId: entities.id, labelId: label(entities, 'place'), start: 0, end: 6 });
    await call(AssociationSubjects.addSpan, { recordId: r3, taskId: entities.id, labelId: label(entities, 'animal'), start: 0, end: 4 });
    await writeSource('WEAK_SUPERVISION', clickbait.id, clickbait.id, [
      { recordId: r1, labelId: label(clickbait, 'no'), confidence: 0.9 },
      { recordId: r2, labelId: label(clickbait, 'yes'), confidence: 0.8 },
      { recordId: r3, labelId: label(clickbait, 'yes'), confidence: 0.55 },
    ]);
    await writeSource('WEAK_SUPERVISION', topics.id, topics.id, [
      { recordId: r3, labelId: label(topics, 'animals'), confidence: 0.7 },
      { recordId: r3, labelId: label(topics, 'fun'), confidence: 0.6 },
    ]);
    await writeSource('WEAK_SUPERVISION', entities.id, entities.id, [{ recordId: r1, labelId: label(entities, 'place'), confidence: 0.75, start: 0, end: 6 }]);
    hasDigit = (await call(HeuristicSubjects.create, { name: 'has_digit', language: 'javascript', code: 'function lf(record) { return null; }', taskId: clickbait.id })).id;
    otherHeuristic = (await call(HeuristicSubjects.create, { name: 'topic_words', language: 'javascript', code: 'function lf(record) { return null; }', taskId: topics.id })).id;
    await writeSource('HEURISTIC', hasDigit, clickbait.id, [
      { recordId: r2, labelId: label(clickbait, 'yes'), confidence: 1 },
      { recordId: r4, labelId: label(clickbait, 'no'), confidence: 1 },
    ]);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await heuristics?.close();
    await records?.close();
  });

  const withHeuristic = (format: RecordExportOptions['format'], zip = false) => ({
    format,
    zip,
    tasks: [{ taskId: clickbait.id, heuristicIds: [hasDigit] }, { taskId: topics.id }, { taskId: entities.id }],
  });

  const COLUMNS = [
    'id',
    'headline',
    'note',
    '__clickbait__MANUAL',
    '__clickbait__WEAK_SUPERVISION',
    '__clickbait__WEAK_SUPERVISION__confidence',
    '__clickbait__INFORMATION_SOURCE__has_digit',
    'headline__topics__MANUAL',
    'headline__topics__WEAK_SUPERVISION',
    'headline__topics__WEAK_SUPERVISION__confidence',
    'headline__tokenized',
    'headline__entities__MANUAL',
    'headline__entities__WEAK_SUPERVISION',
    'headline__entities__WEAK_SUPERVISION__confidence',
  ];

  /** The expected rows, as JSON carries them. */
  const expected = (): Row[] => [
    {
      id: 1,
      headline: HEADLINES[0],
      note: NOTES[0],
      '__clickbait__MANUAL': 'no',
      '__clickbait__WEAK_SUPERVISION': 'no',
      '__clickbait__WEAK_SUPERVISION__confidence': 0.9,
      '__clickbait__INFORMATION_SOURCE__has_digit': null,
      'headline__topics__MANUAL': ['politics'],
      'headline__topics__WEAK_SUPERVISION': null,
      'headline__topics__WEAK_SUPERVISION__confidence': null,
      'headline__tokenized': ['Berlin', 'passes', 'the', 'budget'],
      'headline__entities__MANUAL': ['B-place', 'O', 'O', 'O'],
      'headline__entities__WEAK_SUPERVISION': ['B-place', 'O', 'O', 'O'],
      'headline__entities__WEAK_SUPERVISION__confidence': [0.75, 0, 0, 0],
    },
    {
      id: 2,
      headline: HEADLINES[1],
      note: NOTES[1],
      '__clickbait__MANUAL': 'yes',
      '__clickbait__WEAK_SUPERVISION': 'yes',
      '__clickbait__WEAK_SUPERVISION__confidence': 0.8,
      '__clickbait__INFORMATION_SOURCE__has_digit': 'yes',
      'headline__topics__MANUAL': null,
      'headline__topics__WEAK_SUPERVISION': null,
      'headline__topics__WEAK_SUPERVISION__confidence': null,
      'headline__tokenized': ['You', 'will', 'not', 'believe', 'this'],
      'headline__entities__MANUAL': null,
      'headline__entities__WEAK_SUPERVISION': null,
      'headline__entities__WEAK_SUPERVISION__confidence': null,
    },
    {
      id: 3,
      headline: HEADLINES[2],
      note: NOTES[2],
      '__clickbait__MANUAL': null,
      '__clickbait__WEAK_SUPERVISION': 'yes',
      '__clickbait__WEAK_SUPERVISION__confidence': 0.55,
      '__clickbait__INFORMATION_SOURCE__has_digit': null,
      'headline__topics__MANUAL': ['animals', 'fun'],
      'headline__topics__WEAK_SUPERVISION': ['animals', 'fun'],
      'headline__topics__WEAK_SUPERVISION__confidence': [0.7, 0.6],
      'headline__tokenized': ['Cats', 'rule'],
      'headline__entities__MANUAL': ['B-animal', 'O'],
      'headline__entities__WEAK_SUPERVISION': null,
      'headline__entities__WEAK_SUPERVISION__confidence': null,
    },
    {
      id: 4,
      headline: HEADLINES[3],
      note: NOTES[3],
      '__clickbait__MANUAL': null,
      '__clickbait__WEAK_SUPERVISION': null,
      '__clickbait__WEAK_SUPERVISION__confidence': null,
      '__clickbait__INFORMATION_SOURCE__has_digit': 'no',
      'headline__topics__MANUAL': null,
      'headline__topics__WEAK_SUPERVISION': null,
      'headline__topics__WEAK_SUPERVISION__confidence': null,
      'headline__tokenized': ['Quiet', 'day'],
      'headline__entities__MANUAL': null,
      'headline__entities__WEAK_SUPERVISION': null,
      'headline__entities__WEAK_SUPERVISION__confidence': null,
    },
  ];

  /** What a spreadsheet cell holds: lists as JSON strings, formula-like text with an apostrophe, null as empty. */
  const asSheet = (row: Row, empty: unknown): Row =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        if (v === null) return [k, empty];
        if (Array.isArray(v)) return [k, JSON.stringify(v)];
        if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return [k, `'${v}`];
        return [k, v];
      }),
    );

  it('writes JSON with refinery column names, multi-label lists and extraction BIO tags next to the tokens', async () => {
    const { columns, rows, meta } = await rowsOf(withHeuristic('JSON'));
    expect(columns).toEqual(COLUMNS);
    expect(rows).toEqual(expected());
    expect(meta).toMatchObject({ rows: 4, total: 4, contentType: 'application/json', contentEncoding: 'gzip' });
    expect(meta.fileName).toMatch(/^records_all_.*\.json$/);
  });

  it('writes JSONL, zipped', async () => {
    const { columns, rows, meta } = await rowsOf(withHeuristic('JSONL', true));
    expect(meta).toMatchObject({ contentType: 'application/zip', contentEncoding: null });
    expect(columns).toEqual(COLUMNS);
    expect(rows).toEqual(expected());
  });

  it('writes CSV with lists as JSON array strings and formula-like cells neutralised', async () => {
    const { columns, rows } = await rowsOf(withHeuristic('CSV'));
    expect(columns).toEqual(COLUMNS);
    const asText = (row: Row): Row => Object.fromEntries(Object.entries(asSheet(row, '')).map(([k, v]) => [k, String(v)]));
    expect(rows).toEqual(expected().map(asText));
    expect(rows.map((r) => r['note'])).toEqual(["'=HYPERLINK(\"http://x\")", "'+1 more", "'@SUM(A1)", 'plain - text']);
  });

  it('writes XLSX through the streaming writer, protected the same way', async () => {
    const { columns, rows } = await rowsOf(withHeuristic('XLSX'));
    expect(columns).toEqual(COLUMNS);
    expect(rows).toEqual(expected().map((r) => asSheet(r, null)));
  });

  it('exports the rows of a data slice and of a labeling session, in their order', async () => {
    const slice = await call(SliceSubjects.create, { name: 'manually labelled', kind: 'DYNAMIC', query: { filter: { kind: 'MANUAL_LABEL', taskId: clickbait.id, op: 'HAS_ANY' } } });
    const inSlice = await rowsOf({ format: 'JSON', rows: { kind: 'SLICE', sliceId: slice.id }, attributes: ['id'], tasks: [] });
    expect(inSlice.rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(inSlice.meta.fileName).toMatch(/^records_slice_/);
    const session = await call(SessionSubjects.create, { recordIds: [ids[3] ?? '', ids[1] ?? ''] });
    const inSession = await rowsOf({ format: 'JSONL', rows: { kind: 'SESSION', sessionId: session.id }, attributes: ['headline', 'id'], tasks: [{ taskId: clickbait.id }] });
    expect(inSession.columns).toEqual(['headline', 'id', '__clickbait__MANUAL', '__clickbait__WEAK_SUPERVISION', '__clickbait__WEAK_SUPERVISION__confidence']);
    expect(inSession.rows.map((r) => r['id'])).toEqual([4, 2]);
  });

  it('reads one frozen state: a label changed while the cursor is read does not leak in', async () => {
    const [r1 = '', r2 = ''] = ids;
    const opened = await call(ExportSourceSubjects.open, { rows: { kind: 'ALL' }, attributes: ['id'], tasks: [{ taskId: clickbait.id, heuristicIds: [] }] });
    const first = await call(ExportSourceSubjects.page, { cursorId: opened.cursorId, offset: 0, limit: 1 });
    const yes = clickbait.labels.findIndex((l) => l.name === 'yes');
    const no = clickbait.labels.findIndex((l) => l.name === 'no');
    expect(opened.tasks[0]?.labels[no]).toBe('no');
    expect(first.rows[0]?.t[0]?.m).toEqual([[no, null]]);
    await call(AssociationSubjects.classify, { recordId: r2, taskId: clickbait.id, labelIds: [label(clickbait, 'no')] });
    await writeSource('WEAK_SUPERVISION', clickbait.id, clickbait.id, [{ recordId: r2, labelId: label(clickbait, 'no'), confidence: 0.99 }]);
    const rest = await call(ExportSourceSubjects.page, { cursorId: opened.cursorId, offset: 1, limit: 10 });
    expect(rest.rows[0]?.t[0]).toEqual({ m: [[yes, null]], w: [[yes, 0.8]] });
    expect(rest.nextOffset).toBeNull();
    expect(await call(ExportSourceSubjects.close, { cursorId: opened.cursorId })).toEqual({ closed: true });
    expect((await failure(ExportSourceSubjects.page, { cursorId: opened.cursorId, offset: 0, limit: 1 })).code).toBe('NOT_FOUND');

    // Through the export service: the rows are frozen when `prepare` answers.
    const queued = await call(RecordExportSubjects.prepare, { format: 'JSON', attributes: ['id'], tasks: [{ taskId: clickbait.id }] });
    await call(AssociationSubjects.classify, { recordId: r1, taskId: clickbait.id, labelIds: [label(clickbait, 'yes')] });
    const done = await finished(queued.id);
    const part = await call(RecordExportSubjects.download, { exportId: done.id });
    expect(part).toMatchObject({ contentEncoding: 'gzip', done: true, offset: 0 });
    const rows = JSON.parse(gunzipSync(Buffer.from(part.data, 'base64')).toString('utf8')) as Row[];
    expect(rows.map((r) => r['__clickbait__MANUAL'])).toEqual(['no', 'no', null, null]);
    expect(rows[1]?.['__clickbait__WEAK_SUPERVISION__confidence']).toBe(0.99);
    // Restore what the other tests expect.
    await call(AssociationSubjects.classify, { recordId: r1, taskId: clickbait.id, labelIds: [label(clickbait, 'no')] });
    await call(AssociationSubjects.classify, { recordId: r2, taskId: clickbait.id, labelIds: [label(clickbait, 'yes')] });
    await writeSource('WEAK_SUPERVISION', clickbait.id, clickbait.id, [
      { recordId: r1, labelId: label(clickbait, 'no'), confidence: 0.9 },
      { recordId: r2, labelId: label(clickbait, 'yes'), confidence: 0.8 },
      { recordId: ids[2] ?? '', labelId: label(clickbait, 'yes'), confidence: 0.55 },
    ]);
  });

  it('keeps only the last finished export of a project, listed with its time, options, size and rows', async () => {
    const older = await exportFile({ format: 'CSV', attributes: ['id'], tasks: [] });
    const newer = await exportFile({ format: 'JSON', attributes: ['headline'], tasks: [] });
    const { exports } = await call(RecordExportSubjects.list, {});
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ id: newer.meta.id, state: 'DONE', rows: 4, total: 4, size: newer.bytes.length, storedSize: newer.meta.storedSize, options: { format: 'JSON', zip: false, rows: { kind: 'ALL' }, attributes: ['headline'], tasks: [] } });
    expect(Date.parse(exports[0]?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(exports[0]?.createdAt ?? ''));
    expect((await failure(RecordExportSubjects.download, { exportId: older.meta.id })).code).toBe('NOT_FOUND');
    // Another organization sees nothing of it.
    expect((await call(RecordExportSubjects.list, {}, STRANGER)).exports).toEqual([]);
    expect((await failure(RecordExportSubjects.get, { exportId: newer.meta.id }, STRANGER)).code).toBe('NOT_FOUND');
  });

  it('rejects bad options with errors naming the field', async () => {
    const bad = async (payload: unknown) => failure(RecordExportSubjects.prepare, payload);
    expect(await bad({ format: 'PDF' })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('format') });
    expect(await bad({ format: 'JSON', compress: true })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('compress') });
    expect(await bad({ format: 'JSON', attributes: ['id', 'id'] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('attributes') });
    expect(await bad({ format: 'JSON', attributes: ['nope'] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/attributes\.0.*"nope"/) });
    expect(await bad({ format: 'JSON', tasks: [{ taskId: 'missing-task' }] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/tasks\.0\.taskId.*missing-task/) });
    expect(await bad({ format: 'JSON', tasks: [{ taskId: clickbait.id, heuristicIds: ['no-such-heuristic'] }] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/tasks\.0\.heuristicIds\.0.*no-such-heuristic/) });
    expect(await bad({ format: 'JSON', tasks: [{ taskId: clickbait.id, heuristicIds: [otherHeuristic] }] })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('topic_words') });
    expect(await bad({ format: 'JSON', rows: { kind: 'SLICE', sliceId: 'no-slice' } })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-slice') });
    expect(await bad({ format: 'JSON', rows: { kind: 'SESSION', sessionId: 'no-session' } })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-session') });
    expect(await bad({ format: 'JSON', rows: { kind: 'SOME' } })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('rows') });
    expect((await failure(RecordExportSubjects.download, { exportId: 'no-export' })).code).toBe('NOT_FOUND');
    const { exports } = await call(RecordExportSubjects.list, {});
    const last = exports[0];
    if (!last?.storedSize) throw new Error('no finished export to read past');
    expect(await failure(RecordExportSubjects.download, { exportId: last.id, offset: last.storedSize + 1 })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('offset') });
    expect((await failure(RecordExportSubjects.download, { exportId: last.id, length: 10_000_000 })).code).toBe('VALIDATION_FAILED');
  });
});
