import {
  EmbeddingEvents,
  EmbeddingSubjects,
  RecordSubjects,
  SimilaritySubjects,
  UploadSubjects,
  VectorSubjects,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { ANNOTATOR, EmbeddingsHarness, headlines, OUTSIDER } from '../test-support/embeddings-harness.js';
import { fromBase64 } from '../vectors/vector-codec.js';

describe('embeddings service: definitions, runs in batches, similarity, outliers, vectors', () => {
  let h: EmbeddingsHarness;
  beforeAll(async () => {
    h = await EmbeddingsHarness.start({ EMBEDDINGS_BATCH_SIZE: '50' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('embeds a project in batch jobs, reports progress and serves similar records, outliers and vectors', async () => {
    const { projectId, recordIds } = await h.project(headlines(300));
    const progress = await h.events(EmbeddingEvents.progress);
    const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', dims: 8 }, projectId);
    expect(created).toMatchObject({ name: 'headline-classification-tf-idf', level: 'classification', requestedDims: 8, frozen: false });
    const done = await h.finished(projectId, created.id);
    expect(done).toMatchObject({ dims: 8, reduced: true, vectors: 300, progress: { done: 300, total: 300 } });
    // 300 records in batches of 50: six pages, six batch marks.
    expect(await h.countStored('vector_pages', { embeddingId: created.id })).toBe(6);
    await expectEventually(() => expect(progress.filter((p) => p.embeddingId === created.id).map((p) => p.state)).toEqual(expect.arrayContaining(['FITTING', 'EMBEDDING', 'FINISHED'])));
    expect((await h.call(EmbeddingSubjects.list, {}, projectId)).embeddings.map((e) => e.id)).toEqual([created.id]);

    const similar = await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, limit: 20, threshold: 'none' }, projectId);
    expect(similar.hits).toHaveLength(20);
    expect(similar.hits.map((x) => x.id)).not.toContain(recordIds[0]);
    const distances = similar.hits.map((x) => x.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Same topic (every 4th headline) ranks first.
    const topicOf = (id: string): number => recordIds.indexOf(id) % 4;
    expect(similar.hits.slice(0, 10).every((x) => topicOf(x.id) === 0)).toBe(true);

    const auto = await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]! }, projectId);
    expect(auto.threshold).toEqual(expect.any(Number));
    expect(auto.hits.every((x) => x.distance <= auto.threshold! + 1e-6)).toBe(true);
    const strict = await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, threshold: 0.0001, limit: 500 }, projectId);
    expect(strict.hits.every((x) => x.distance <= 0.0001 + 1e-6)).toBe(true);
    expect(strict.threshold).toBe(0.0001);

    const outliers = await h.call(SimilaritySubjects.outliers, { embeddingId: created.id, limit: 5 }, projectId);
    expect(outliers.total).toBe(300);
    expect(outliers.records).toHaveLength(5);
    const scores = outliers.records.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const some = await h.call(VectorSubjects.get, { embeddingId: created.id, recordIds: [recordIds[1]!, 'no-such-record'] }, projectId);
    expect(some).toMatchObject({ dims: 8, recordIds: [recordIds[1]], missing: ['no-such-record'], total: 300, nextCursor: null });
    expect(fromBase64(some.vectors)).toHaveLength(8);
    const first = await h.call(VectorSubjects.get, { embeddingId: created.id, cursor: null, limit: 200 }, projectId);
    const second = await h.call(VectorSubjects.get, { embeddingId: created.id, cursor: first.nextCursor, limit: 200 }, projectId);
    expect(first.nextCursor).toBe(200);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.recordIds, ...second.recordIds])).toEqual(new Set(recordIds));
    expect(fromBase64(second.vectors)).toHaveLength(100 * 8);
  });

  it('skips PCA on a tiny project, embeds uploads and edits incrementally with the saved embedder, and deletes vectors', async () => {
    const { projectId, recordIds } = await h.project(headlines(40));
    const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'bag-of-words' }, projectId);
    const done = await h.finished(projectId, created.id);
    // 40 texts < 64 dimensions: the term vectors themselves.
    expect(done.reduced).toBe(false);
    expect(done.dims).toBeLessThan(64);
    const before = await h.call(VectorSubjects.get, { embeddingId: created.id, recordIds: [recordIds[5]!] }, projectId);

    // An upload adds two records: the completed-upload event brings the embedding up to date.
    const csv = 'id,headline\n1000,stocks market shares rally\n1001,football goal league coach\n';
    const { uploadId } = await h.call(UploadSubjects.start, { format: 'CSV' }, projectId);
    await h.call(UploadSubjects.chunk, { uploadId, seq: 0, data: Buffer.from(csv).toString('base64') }, projectId);
    await h.call(UploadSubjects.commit, { uploadId }, projectId);
    await expectEventually(async () => expect((await h.call(EmbeddingSubjects.get, { embeddingId: created.id }, projectId)).vectors).toBe(42), { timeoutMs: 20_000 });
    const all = await h.call(VectorSubjects.get, { embeddingId: created.id, cursor: null }, projectId);
    expect(all.total).toBe(42);
    const added = all.recordIds.find((id) => !recordIds.includes(id))!;
    const near = await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: added, threshold: 'none', limit: 3 }, projectId);
    expect(near.hits).toHaveLength(3);

    // An edited text gets a new vector by itself (records announces the edit).
    await h.call(RecordSubjects.update, { updates: [{ recordId: recordIds[5]!, data: { headline: 'chocolate cake recipe oven bake' } }] }, projectId);
    await expectEventually(async () => {
      const after = await h.call(VectorSubjects.get, { embeddingId: created.id, recordIds: [recordIds[5]!] }, projectId);
      expect(after.vectors).not.toBe(before.vectors);
    });
    // Deleted records lose their vector (announced too; refresh does the same by hand).
    await h.call(RecordSubjects.delete, { recordIds: [recordIds[6]!] }, projectId);
    await expectEventually(async () => expect((await h.call(VectorSubjects.get, { embeddingId: created.id, recordIds: [recordIds[6]!] }, projectId)).missing).toEqual([recordIds[6]]));

    expect(await h.countStored('vector_pages', { embeddingId: created.id })).toBeGreaterThan(0);
    expect(await h.call(EmbeddingSubjects.delete, { embeddingId: created.id }, projectId)).toMatchObject({ deleted: true });
    expect(await h.countStored('vector_pages', { embeddingId: created.id })).toBe(0);
    expect(await h.countStored('embedder_states', { embeddingId: created.id })).toBe(0);
    expect((await h.error(EmbeddingSubjects.get, { embeddingId: created.id }, projectId)).code).toBe('NOT_FOUND');
    expect((await h.error(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]! }, projectId)).code).toBe('NOT_FOUND');
  });

  it('embeds token-level vectors for extraction and refuses record similarity on them', async () => {
    const { projectId, recordIds } = await h.project(headlines(20));
    const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'token-hashing', level: 'extraction' }, projectId);
    expect(created.name).toBe('headline-extraction-token-hashing');
    expect(await h.finished(projectId, created.id)).toMatchObject({ dims: 128, vectors: 20 });
    const error = await h.error(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]! }, projectId);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('token-level') });
  });

  it('names the field at fault for every bad request', async () => {
    const { projectId, recordIds } = await h.project(headlines(10));
    const unknownAttribute = await h.error(EmbeddingSubjects.create, { attributeName: 'body', model: 'tf-idf' }, projectId);
    expect(unknownAttribute).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.attributeName') });
    const notText = await h.error(EmbeddingSubjects.create, { attributeName: 'id', model: 'tf-idf' }, projectId);
    expect(notText.message).toContain('INTEGER');
    const unknownModel = await h.error(EmbeddingSubjects.create, { attributeName: 'headline', model: 'no-such-model' }, projectId);
    expect(unknownModel).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.model') });
    expect(unknownModel.message).toContain('tf-idf');
    const wrongLevel = await h.error(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', level: 'extraction' }, projectId);
    expect(wrongLevel.message).toContain('token-hashing');
    const badDims = await h.raw(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', dims: 0 }, projectId);
    expect(badDims).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('dims') });
    const badModelName = await h.raw(EmbeddingSubjects.create, { attributeName: 'headline', model: '../etc/passwd' }, projectId);
    expect(badModelName.message).toContain('model');

    const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf' }, projectId);
    expect((await h.error(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf' }, projectId)).code).toBe('CONFLICT');
    await h.finished(projectId, created.id);
    expect((await h.error(SimilaritySubjects.find, { embeddingId: created.id, recordId: 'no-such-record' }, projectId)).code).toBe('NOT_FOUND');
    expect((await h.error(SimilaritySubjects.find, { embeddingId: 'no-such-embedding', recordId: recordIds[0]! }, projectId)).code).toBe('NOT_FOUND');
    expect((await h.raw(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, limit: 0 }, projectId)).message).toContain('limit');
    expect((await h.raw(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, threshold: -1 }, projectId)).message).toContain('threshold');
    expect((await h.raw(VectorSubjects.get, { embeddingId: created.id, recordIds: [] }, projectId)).code).toBe('VALIDATION_FAILED');
    expect((await h.raw(EmbeddingSubjects.get, {}, projectId)).message).toContain('embeddingId');
    expect((await h.raw(EmbeddingSubjects.list, {}, null)).message).toContain('projectId');

    // Roles and organizations.
    expect((await h.error(EmbeddingSubjects.create, { attributeName: 'headline', model: 'bag-of-words' }, projectId, ANNOTATOR)).code).toBe('FORBIDDEN');
    expect((await h.error(EmbeddingSubjects.delete, { embeddingId: created.id }, projectId, ANNOTATOR)).code).toBe('FORBIDDEN');
    expect((await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, threshold: 'none', limit: 2 }, projectId, ANNOTATOR)).hits).toHaveLength(2);
    expect((await h.error(EmbeddingSubjects.list, {}, projectId, OUTSIDER)).code).toBe('NOT_FOUND');
  });

  it('fails a run with a message naming the cause when there is nothing to embed', async () => {
    const { projectId } = await h.project([]);
    const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf' }, projectId);
    const failed = await expectEventually(async () => {
      const e = await h.call(EmbeddingSubjects.get, { embeddingId: created.id }, projectId);
      if (e.state !== 'FAILED') throw new Error(e.state);
      return e;
    });
    expect(failed.error?.message).toContain('no records');
    expect((await h.error(SimilaritySubjects.outliers, { embeddingId: created.id }, projectId)).code).toBe('CONFLICT');
  });
});
