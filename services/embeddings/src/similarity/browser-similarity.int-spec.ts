import { BrowserSubjects, EmbeddingSubjects, OutlierSliceSubjects, SimilaritySubjects } from '@refinery/contracts';
import { EmbeddingsHarness, headlines } from '../test-support/embeddings-harness.js';

describe('records data browser with a similarity order (records asks embeddings for the hits) and outlier slices', () => {
  let h: EmbeddingsHarness;
  let projectId: string;
  let recordIds: string[];
  let embeddingId: string;

  beforeAll(async () => {
    h = await EmbeddingsHarness.start();
    ({ projectId, recordIds } = await h.project(headlines(200)));
    embeddingId = (await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', dims: 8 }, projectId)).id;
    await h.finished(projectId, embeddingId);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('orders by similarity to a record, applies the filter to the hits, and pages through them', async () => {
    const target = recordIds[0]!;
    const { hits, threshold } = await h.call(SimilaritySubjects.find, { embeddingId, recordId: target }, projectId);
    expect(threshold).toEqual(expect.any(Number));
    const order = { kind: 'SIMILARITY', recordId: target, embeddingId };
    const filter = { kind: 'ATTRIBUTE', attribute: 'headline', op: 'CONTAINS', value: 'stocks' };
    const page = await h.call(BrowserSubjects.query, { query: { filter, order }, page: { limit: 5, offset: 0 } }, projectId);
    // The browser ranks by score, equal scores by record id (records with the same words tie).
    const ranked = [...hits].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const expected = ranked.filter((x) => {
      const i = recordIds.indexOf(x.id);
      return headlines(200)[i]!.includes('stocks');
    });
    expect(page.total).toBe(expected.length);
    expect(page.records.map((r) => r.id)).toEqual(expected.slice(0, 5).map((x) => x.id));
    expect(page.records.every((r) => String(r.data['headline']).includes('stocks'))).toBe(true);

    const unfiltered = await h.call(BrowserSubjects.query, { query: { order }, page: { limit: 100, offset: 0 } }, projectId);
    expect(unfiltered.records.map((r) => r.id)).toEqual(ranked.map((x) => x.id));
  });

  it('answers a similarity order the embeddings service cannot serve with the path of the order', async () => {
    const unknown = await h.error(BrowserSubjects.query, { query: { order: { kind: 'SIMILARITY', recordId: recordIds[0]!, embeddingId: 'no-such-embedding' } } }, projectId);
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.query.order') });
    const noVector = await h.error(BrowserSubjects.query, { query: { order: { kind: 'SIMILARITY', recordId: 'no-such-record', embeddingId } } }, projectId);
    expect(noVector.message).toContain('no vector');
  });

  it('creates a static slice of the embedding\'s top outliers', async () => {
    const { records: top } = await h.call(SimilaritySubjects.outliers, { embeddingId, limit: 7 }, projectId);
    const slice = await h.call(OutlierSliceSubjects.create, { name: 'outliers', embeddingId, limit: 7 }, projectId);
    expect(slice).toMatchObject({ kind: 'STATIC', size: 7 });
    const members = await h.call(BrowserSubjects.query, { sliceId: slice.id, page: { limit: 50, offset: 0 } }, projectId);
    expect(new Set(members.records.map((r) => r.id))).toEqual(new Set(top.map((r) => r.id)));
    expect((await h.error(OutlierSliceSubjects.create, { name: 'outliers 2', embeddingId: 'no-such-embedding' }, projectId)).message).toContain('payload.embeddingId');
    expect((await h.raw(OutlierSliceSubjects.create, { name: 'outliers 3', embeddingId, limit: 0 }, projectId)).message).toContain('limit');
  });
});
