import {
  AssociationSubjects,
  AttributeSubjects,
  RecordSubjects,
  TaskSubjects,
  UploadEvents,
  UploadSubjects,
  type Upload,
  type UploadFormat,
  type UploadOptions,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { newProject } from '../test-support/fixtures.js';
import { upload as sendUpload } from '../test-support/upload-client.js';
import { OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';

const MAX_BYTES = 4_096;

describe('uploads', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start({ RECORDS_UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  });
  afterAll(async () => h?.close());

  const upload = (projectId: string, format: UploadFormat, text: string, options: Partial<UploadOptions> = {}, chunkBytes = 64): Promise<Upload> =>
    sendUpload(h, projectId, format, text, options, chunkBytes);

  const headlines = async (projectId: string) => (await h.call(RecordSubjects.list, {}, projectId)).records.map((r) => r.data);

  it('imports a CSV in chunks: schema with a running_id, tokens, label columns as tasks and manual labels, events', async () => {
    const progress = await h.events(UploadEvents.progress);
    const completed = await h.events(UploadEvents.completed);
    const projectId = await newProject(h);
    const csv = 'headline,__clickbait\n"You will not believe this",yes\n"Parliament passes the budget",no\n"Cats, again",\n';
    const done = await upload(projectId, 'CSV', csv);
    expect(done).toMatchObject({ state: 'COMPLETED', result: { created: 3, updated: 0, skippedCount: 0, labelsImported: 2 } });

    const { attributes } = await h.call(AttributeSubjects.list, {}, projectId);
    expect(attributes.map((a) => [a.name, a.dataType, a.isPrimaryKey])).toEqual([
      ['headline', 'TEXT', false],
      ['running_id', 'INTEGER', true],
    ]);
    const { records } = await h.call(RecordSubjects.list, {}, projectId);
    expect(records.map((r) => r.data)).toEqual([
      { headline: 'You will not believe this', running_id: 0 },
      { headline: 'Parliament passes the budget', running_id: 1 },
      { headline: 'Cats, again', running_id: 2 },
    ]);
    const withTokens = await h.call(RecordSubjects.get, { recordId: records[2]!.id, withTokens: true }, projectId);
    expect(withTokens.tokens?.['headline']).toEqual({ starts: [0, 4, 6], ends: [4, 5, 11] });

    const [clickbait] = (await h.call(TaskSubjects.list, {}, projectId)).tasks;
    expect(clickbait).toMatchObject({ name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null });
    expect(clickbait?.labels.map((l) => l.name)).toEqual(['yes', 'no']);
    const yes = clickbait!.labels[0]!.id;
    const { associations } = await h.call(AssociationSubjects.list, { recordId: records[0]!.id }, projectId);
    expect(associations.map((a) => [a.source, a.userId, a.labelId])).toEqual([['MANUAL', 'ada', yes]]);
    expect(records[0]?.labels[clickbait!.id]?.reference).toEqual([yes]);

    await expectEventually(() => {
      expect(completed.map((e) => e.uploadId)).toContain(done.id);
      expect(progress.filter((e) => e.uploadId === done.id).map((e) => e.phase)).toEqual(expect.arrayContaining(['inferring', 'committing']));
    });
  });

  it('upserts a re-upload by key: updated values and labels, new records appended, old ones kept', async () => {
    const projectId = await newProject(h);
    await upload(projectId, 'CSV', 'headline,__clickbait\nfirst,yes\nsecond,no\n');
    const before = (await h.call(RecordSubjects.list, {}, projectId)).records;
    const again = await upload(projectId, 'CSV', 'running_id,headline,__clickbait\n0,first (edited),no\n5,sixth,yes\n');
    expect(again.result).toMatchObject({ created: 1, updated: 1 });
    const after = (await h.call(RecordSubjects.list, {}, projectId)).records;
    expect(after.map((r) => [r.id, r.data['headline']])).toEqual([
      [before[0]!.id, 'first (edited)'],
      [before[1]!.id, 'second'],
      [expect.any(String), 'sixth'],
    ]);
    const [task] = (await h.call(TaskSubjects.list, {}, projectId)).tasks;
    const no = task!.labels.find((l) => l.name === 'no')!.id;
    const { associations } = await h.call(AssociationSubjects.list, { recordId: before[0]!.id }, projectId);
    expect(associations.map((a) => a.labelId)).toEqual([no]);
    // Without a running_id column the new rows continue after the existing ids.
    await upload(projectId, 'CSV', 'headline\nappended\n');
    expect((await headlines(projectId)).at(-1)).toEqual({ headline: 'appended', running_id: 6 });
  });

  it('imports JSON and JSONL', async () => {
    const json = await newProject(h);
    await upload(json, 'JSON', JSON.stringify([{ id: 'a', text: 'alpha', score: 1.5 }, { id: 'b', text: 'beta', score: 2 }]), { primaryKey: ['id'] });
    expect(await headlines(json)).toEqual([
      { id: 'a', text: 'alpha', score: 1.5 },
      { id: 'b', text: 'beta', score: 2 },
    ]);
    const jsonl = await newProject(h);
    await upload(jsonl, 'JSONL', '{"text":"one"}\n{"text":"two"}\n');
    expect((await headlines(jsonl)).map((d) => d['text'])).toEqual(['one', 'two']);
  });

  it('rejects a bad file as a whole, naming row and column, and keeps what was there', async () => {
    const failed = await h.events(UploadEvents.failed);
    const projectId = await newProject(h);
    const bad = await upload(projectId, 'CSV', 'id,count\n1,3\n2,three\n', { dataTypes: { count: 'INTEGER' }, primaryKey: ['id'] });
    expect(bad.state).toBe('FAILED');
    expect(bad.problems[0]).toMatchObject({ row: 2, column: 'count' });
    expect(await headlines(projectId)).toEqual([]);
    expect((await h.call(AttributeSubjects.list, {}, projectId)).attributes).toEqual([]);
    await expectEventually(() => expect(failed.map((e) => e.uploadId)).toContain(bad.id));

    await upload(projectId, 'CSV', 'id,count\n1,3\n', { primaryKey: ['id'] });
    const mismatch = await upload(projectId, 'CSV', 'id,count,extra\n1,4,x\n');
    expect(mismatch).toMatchObject({ state: 'FAILED', problems: [expect.objectContaining({ code: 'SCHEMA_MISMATCH', column: 'extra' })] });
    const duplicate = await upload(projectId, 'CSV', 'id,count\n1,4\n1,5\n');
    expect(duplicate).toMatchObject({ state: 'FAILED', problems: [expect.objectContaining({ code: 'DUPLICATE_PRIMARY_KEY', row: 2 })] });
    expect(await headlines(projectId)).toEqual([{ id: 1, count: 3 }]);
  });

  it('skips and reports bad rows in lenient mode', async () => {
    const projectId = await newProject(h);
    const done = await upload(projectId, 'CSV', 'id,count\n1,3\n2,three\n3,5\n', { dataTypes: { count: 'INTEGER' }, primaryKey: ['id'], lenient: true });
    expect(done.result).toMatchObject({ created: 2, skippedCount: 1, skipped: [expect.objectContaining({ row: 2, column: 'count' })] });
    expect(await headlines(projectId)).toEqual([
      { id: 1, count: 3 },
      { id: 3, count: 5 },
    ]);
  });

  it('checks the chunk protocol: order, size limit, base64, empty and repeated commits, access', async () => {
    const projectId = await newProject(h);
    const { uploadId } = await h.call(UploadSubjects.start, { format: 'CSV' }, projectId);
    expect(await h.error(UploadSubjects.commit, { uploadId }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('EMPTY_FILE'),
    });
    expect(await h.error(UploadSubjects.chunk, { uploadId, seq: 1, data: 'YQ==' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.seq'),
    });
    expect(await h.raw(UploadSubjects.chunk, { uploadId, seq: 0, data: 'not base64!' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.data'),
    });
    expect(await h.call(UploadSubjects.chunk, { uploadId, seq: 0, data: Buffer.from('a\n1\n').toString('base64') }, projectId)).toEqual({
      receivedBytes: 4,
      nextSeq: 1,
    });
    // A resent chunk is acknowledged once.
    expect(await h.call(UploadSubjects.chunk, { uploadId, seq: 0, data: Buffer.from('a\n1\n').toString('base64') }, projectId)).toEqual({
      receivedBytes: 4,
      nextSeq: 1,
    });
    expect(await h.error(UploadSubjects.get, { uploadId }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    await h.call(UploadSubjects.commit, { uploadId }, projectId);
    expect(await h.error(UploadSubjects.commit, { uploadId }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(UploadSubjects.chunk, { uploadId, seq: 1, data: 'YQ==' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(UploadSubjects.get, { uploadId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });

    const big = await h.call(UploadSubjects.start, { format: 'CSV' }, projectId);
    const oversized = Buffer.alloc(MAX_BYTES + 1, 'a').toString('base64');
    expect(await h.error(UploadSubjects.chunk, { uploadId: big.uploadId, seq: 0, data: oversized }, projectId)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    expect(await h.call(UploadSubjects.get, { uploadId: big.uploadId }, projectId)).toMatchObject({
      state: 'FAILED',
      problems: [expect.objectContaining({ code: 'TOO_LARGE' })],
    });
    expect(await h.raw(UploadSubjects.start, { format: 'PDF' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.format'),
    });
  });
});
