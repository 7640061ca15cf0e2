import { EmbeddingSubjects, RecordSubjects, SimilaritySubjects, VectorSubjects } from '@refinery/contracts';
import { EmbeddingsHarness, headlines } from '../test-support/embeddings-harness.js';
import { toBase64 } from './vector-codec.js';

/** Two clusters: records 0–14 near e1, 15–29 near e2. */
function clustered(n: number): Float32Array {
  const v = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    v[i * 4 + (i < n / 2 ? 0 : 1)] = 1;
    v[i * 4 + 2] = (i % 7) / 100;
  }
  return v;
}

describe('embeddings: vectors imported as a frozen embedding (refinery snapshots)', () => {
  let h: EmbeddingsHarness;
  beforeAll(async () => {
    h = await EmbeddingsHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports pages of vectors, serves similarity, and gives records added later no vector', async () => {
    const { projectId, recordIds } = await h.project(headlines(30));
    const begun = await h.call(VectorSubjects.import, { step: 'begin', attributeName: 'headline', model: 'distilbert-base-uncased', dims: 4 }, projectId);
    const embeddingId = begun.embedding.id;
    expect(begun.embedding).toMatchObject({ name: 'headline-classification-distilbert-base-uncased', frozen: true });
    // Invisible until committed.
    expect((await h.call(EmbeddingSubjects.list, {}, projectId)).embeddings).toEqual([]);

    const vectors = clustered(30);
    await h.call(VectorSubjects.import, { step: 'page', embeddingId, recordIds: recordIds.slice(0, 20), vectors: toBase64(vectors.subarray(0, 80)) }, projectId);
    await h.call(VectorSubjects.import, { step: 'page', embeddingId, recordIds: recordIds.slice(20), vectors: toBase64(vectors.subarray(80)) }, projectId);
    const committed = await h.call(VectorSubjects.import, { step: 'commit', embeddingId }, projectId);
    expect(committed).toMatchObject({ stored: 30, embedding: { state: 'FINISHED', frozen: true, vectors: 30, dims: 4 } });
    expect((await h.call(EmbeddingSubjects.list, {}, projectId)).embeddings.map((e) => e.id)).toEqual([embeddingId]);

    const similar = await h.call(SimilaritySubjects.find, { embeddingId, recordId: recordIds[0]!, threshold: 'none', limit: 14 }, projectId);
    expect(new Set(similar.hits.map((x) => x.id))).toEqual(new Set(recordIds.slice(1, 15)));
    const outliers = await h.call(SimilaritySubjects.outliers, { embeddingId, limit: 3, method: 'centroid' }, projectId);
    expect(outliers.records).toHaveLength(3);

    // A frozen embedding has no model state: new records stay without a vector.
    expect(await h.error(EmbeddingSubjects.refresh, { embeddingId }, projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('frozen') });
    await h.call(RecordSubjects.add, { records: [{ data: { id: 999, headline: 'a later record' } }] }, projectId);
    const { records } = await h.call(RecordSubjects.list, { afterSeq: -1, limit: 100 }, projectId);
    const later = records.find((r) => r.data['id'] === 999)!.id;
    expect((await h.call(VectorSubjects.get, { embeddingId, recordIds: [later] }, projectId)).missing).toEqual([later]);
    expect(await h.error(SimilaritySubjects.find, { embeddingId, recordId: later }, projectId)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('imported') });

    // The name is taken now; pages after the commit are refused.
    expect((await h.error(VectorSubjects.import, { step: 'begin', attributeName: 'headline', model: 'distilbert-base-uncased', dims: 4 }, projectId)).code).toBe('CONFLICT');
    expect((await h.error(VectorSubjects.import, { step: 'page', embeddingId, recordIds: [later], vectors: toBase64(new Float32Array(4)) }, projectId)).message).toContain('already committed');
  });

  it('refuses bad pages naming the fault, and abort leaves nothing behind', async () => {
    const { projectId, recordIds } = await h.project(headlines(5));
    const { embedding } = await h.call(VectorSubjects.import, { step: 'begin', attributeName: 'headline', model: 'some-model', dims: 3 }, projectId);
    const page = (ids: string[], values: Float32Array) => ({ step: 'page' as const, embeddingId: embedding.id, recordIds: ids, vectors: toBase64(values) });
    expect(await h.error(VectorSubjects.import, page(recordIds.slice(0, 2), new Float32Array(5)), projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.vectors') });
    expect((await h.error(VectorSubjects.import, page([recordIds[0]!], Float32Array.of(1, NaN, 0)), projectId)).message).toContain('not a finite number');
    expect((await h.error(VectorSubjects.import, page([recordIds[0]!, recordIds[0]!], new Float32Array(6)), projectId)).message).toContain('payload.recordIds');
    expect((await h.raw(VectorSubjects.import, { step: 'page', embeddingId: embedding.id, recordIds: [recordIds[0]], vectors: 'not base64!' }, projectId)).message).toContain('vectors');
    expect((await h.raw(VectorSubjects.import, { step: 'begin', attributeName: 'headline', model: 'm', dims: 0 }, projectId)).message).toContain('dims');
    expect((await h.error(VectorSubjects.import, { step: 'commit', embeddingId: 'no-such-import' }, projectId)).code).toBe('NOT_FOUND');

    await h.call(VectorSubjects.import, page([recordIds[0]!], Float32Array.of(1, 0, 0)), projectId);
    await h.call(VectorSubjects.import, { step: 'abort', embeddingId: embedding.id }, projectId);
    expect(await h.countStored('vector_pages', { embeddingId: embedding.id })).toBe(0);
    expect((await h.call(EmbeddingSubjects.list, {}, projectId)).embeddings).toEqual([]);
  });
});
