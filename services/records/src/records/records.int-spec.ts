import { AssociationSubjects, RecordSubjects, type RecordData } from '@refinery/contracts';
import { tokenize } from '@refinery/tokenize';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE } from '../generations/generation-rules.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { HEADLINES, attributes, headlineProject, labelId, newProject, recordIds, task } from '../test-support/fixtures.js';
import { OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';
import { ProjectStore } from '../store/project-store.service.js';
import { RecordWriter, type IncomingRow } from './record-writer.service.js';

describe('records', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('adds records in order and tokenizes every TEXT attribute', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    expect(ids).toHaveLength(3);
    const record = await h.call(RecordSubjects.get, { recordId: ids[1]!, withTokens: true }, projectId);
    expect(record).toMatchObject({ id: ids[1], seq: 1, key: '[2]', data: { id: 2, headline: HEADLINES[1] } });
    const expected = tokenize(HEADLINES[1]!);
    expect(record.tokens?.['headline']).toEqual({ starts: expected.map((t) => t.start), ends: expected.map((t) => t.end) });
    expect((await h.call(RecordSubjects.get, { recordId: ids[1]! }, projectId)).tokens).toBeUndefined();
  });

  it('pages through the default order', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const first = await h.call(RecordSubjects.list, { limit: 2 }, projectId);
    expect(first.records.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(first.total).toBe(3);
    const rest = await h.call(RecordSubjects.list, { limit: 2, afterSeq: first.nextAfterSeq ?? 0 }, projectId);
    expect(rest.records.map((r) => r.id)).toEqual(ids.slice(2));
    expect(rest.nextAfterSeq).toBeNull();
  });

  it('ends a page before it outgrows a NATS message, and says so when a reply cannot be cut', async () => {
    const long = (i: number) => `${i} ${'a long headline with many words '.repeat(19)}`; // ~610 characters
    const projectId = await newProject(h);
    await attributes(h, projectId, [
      ['id', 'INTEGER', true],
      ['headline', 'TEXT', false],
    ]);
    for (let b = 0; b < 2; b++) {
      await h.call(RecordSubjects.add, { records: Array.from({ length: 1_000 }, (_, i) => ({ data: { id: b * 1_000 + i + 1, headline: long(b * 1_000 + i) } })) }, projectId);
    }
    const seen: number[] = [];
    let afterSeq = -1;
    let pages = 0;
    for (;;) {
      const page = await h.call(RecordSubjects.list, { limit: 2_000, afterSeq }, projectId);
      pages++;
      expect(page.total).toBe(2_000);
      seen.push(...page.records.map((r) => r.data['id'] as number));
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    // 1,000 records drawn at random with their tokens are no page: the reply is refused by size.
    const error = await h.raw(RecordSubjects.sample, { n: 1_000, withTokens: true }, projectId);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/reply of records\.records\.sample\.v1 would be \d+ bytes, over the \d+-byte message limit/) });
  });

  it('upserts by primary key as a new generation: same ids and labels, new values, new records appended', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const clickbait = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: clickbait.id, labelIds: [labelId(clickbait, 'yes')] }, projectId);
    const before = await h.get(GenerationRepository).committed(trustedProjectId(projectId), RECORDS_SCOPE);

    const result = await h.call(RecordSubjects.add, { records: [{ data: { id: 1, headline: 'Edited' } }, { data: { id: 9, headline: 'New one' } }] }, projectId);
    expect(result).toEqual({ generation: before + 1, created: 1, updated: 1 });
    const after = await h.call(RecordSubjects.list, {}, projectId);
    expect(after.records.map((r) => [r.id, r.data['headline']])).toEqual([
      [ids[0], 'Edited'],
      [ids[1], HEADLINES[1]],
      [ids[2], HEADLINES[2]],
      [expect.any(String), 'New one'],
    ]);
    expect(after.records[0]?.labels[clickbait.id]?.manual).toEqual([labelId(clickbait, 'yes')]);
    // The old generation is garbage-collected after the flip.
    expect(await h.get(ProjectStore).storedRecordCount(trustedProjectId(projectId))).toBe(4);
  });

  it('rejects bad values, unknown attributes and duplicate keys, naming the record, and changes nothing', async () => {
    const { projectId } = await headlineProject(h);
    const bad = async (records: { data: RecordData }[]) => h.error(RecordSubjects.add, { records }, projectId);
    expect(await bad([{ data: { id: 5, headline: 'ok' } }, { data: { id: 'six', headline: 'x' } }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.records.1.data.id'),
    });
    expect(await bad([{ data: { id: 5, title: 'x' } }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/payload\.records\.0\.data\.title: unknown attribute/),
    });
    expect(await bad([{ data: { id: 5, headline: 'a' } }, { data: { id: 5, headline: 'b' } }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.records.1: primary key [5] repeats payload.records.0'),
    });
    expect(await bad([{ data: { headline: 'no key' } }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('primary key "id" is empty'),
    });
    expect((await h.call(RecordSubjects.list, {}, projectId)).total).toBe(3);
    expect(await h.raw(RecordSubjects.add, { records: [] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.records'),
    });
    const empty = await newProject(h);
    expect(await h.error(RecordSubjects.add, { records: [{ data: { a: 1 } }] }, empty)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps the previous generation in force when a write fails half-way or dies', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const scoped = trustedProjectId(projectId);
    async function* failing(): AsyncGenerator<IncomingRow[]> {
      yield [{ row: 1, data: { id: 1, headline: 'overwritten?' } }];
      throw new Error('connection lost');
    }
    await expect(h.get(RecordWriter).write(scoped, failing(), { lenient: false })).rejects.toThrow('connection lost');
    expect((await h.call(RecordSubjects.list, {}, projectId)).records.map((r) => r.data['headline'])).toEqual(HEADLINES);
    expect(await h.get(ProjectStore).storedRecordCount(scoped)).toBe(3);

    // A writer that dies without clean-up: its documents exist but never become visible...
    const generations = h.get(GenerationRepository);
    const dead = await generations.begin(scoped, RECORDS_SCOPE);
    await h.get(ProjectStore).writeRecordPage(scoped, dead, 0, [{ recordId: 'ghost', seq: 99, key: '[99]', data: { id: 99, headline: 'ghost' }, tokens: {} }]);
    expect(await recordIds(h, projectId)).toEqual(ids);
    // ...and the next write supersedes it and collects its leftovers.
    await h.call(RecordSubjects.add, { records: [{ data: { id: 4, headline: 'after the crash' } }] }, projectId);
    expect(await recordIds(h, projectId)).toHaveLength(4);
    expect(await h.get(ProjectStore).storedRecordCount(scoped)).toBe(4);
  });

  it('edits values, re-tokenizes edited text and removes its spans; refuses a taken key', async () => {
    const { projectId, recordIds: ids, headlineAttributeId } = await headlineProject(h);
    const spans = await task(h, projectId, 'places', 'EXTRACTION', ['city'], headlineAttributeId);
    await h.call(AssociationSubjects.addSpan, { recordId: ids[1]!, taskId: spans.id, labelId: labelId(spans, 'city'), start: 36, end: 42 }, projectId);

    const edited = await h.call(RecordSubjects.update, { updates: [{ recordId: ids[1]!, data: { headline: 'Parliament in Bonn' } }] }, projectId);
    expect(edited).toEqual({ updated: 1, removedSpans: 1 });
    const record = await h.call(RecordSubjects.get, { recordId: ids[1]!, withTokens: true }, projectId);
    expect(record.data).toEqual({ id: 2, headline: 'Parliament in Bonn' });
    expect(record.tokens?.['headline']?.starts).toEqual([0, 11, 14]);
    expect(record.labels[spans.id]).toBeUndefined();
    expect((await h.call(AssociationSubjects.list, { recordId: ids[1]! }, projectId)).associations).toEqual([]);

    expect(await h.error(RecordSubjects.update, { updates: [{ recordId: ids[0]!, data: { id: 3 } }] }, projectId)).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await h.error(RecordSubjects.update, { updates: [{ recordId: ids[0]!, data: { id: 'x' } }] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.updates.0.data.id'),
    });
    expect(await h.error(RecordSubjects.update, { updates: [{ recordId: 'nope', data: { id: 7 } }] }, projectId)).toMatchObject({
      code: 'NOT_FOUND',
    });
    await h.call(RecordSubjects.update, { updates: [{ recordId: ids[0]!, data: { id: 30 } }] }, projectId);
    expect((await h.call(RecordSubjects.get, { recordId: ids[0]! }, projectId)).key).toBe('[30]');
  });

  it('deletes records with their associations and reports unknown ids', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes']);
    for (const recordId of ids) {
      await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [labelId(t, 'yes')] }, projectId);
    }
    const result = await h.call(RecordSubjects.delete, { recordIds: [ids[0]!, ids[2]!, 'unknown'] }, projectId);
    expect(result).toEqual({ deleted: 2, missing: ['unknown'] });
    expect(await recordIds(h, projectId)).toEqual([ids[1]]);
    expect(await h.error(RecordSubjects.get, { recordId: ids[0]! }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(AssociationSubjects.list, { recordId: ids[0]! }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(RecordSubjects.delete, { recordIds: [ids[1]!] }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.raw(RecordSubjects.delete, { recordIds: [] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.recordIds'),
    });
  });

  it('stores EMBEDDING_LIST, BOOLEAN and FLOAT values as given', async () => {
    const projectId = await newProject(h);
    await attributes(h, projectId, [
      ['tags', 'EMBEDDING_LIST', false],
      ['flag', 'BOOLEAN', false],
      ['score', 'FLOAT', false],
    ]);
    await h.call(RecordSubjects.add, { records: [{ data: { tags: ['a', 'b'], flag: true, score: 0.5 } }] }, projectId);
    const [record] = (await h.call(RecordSubjects.list, {}, projectId)).records;
    expect(record?.data).toEqual({ tags: ['a', 'b'], flag: true, score: 0.5 });
  });
});
