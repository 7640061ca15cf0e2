import { normalizeRefinerySnapshot, type RefinerySnapshot, type SnapshotEmbedding } from '@refinery/refinery-snapshot';
import { embeddingsImportPlan } from './embeddings-import-plan.js';

const base = normalizeRefinerySnapshot({
  project_details_data: { id: 'p1', name: 'Tiny', description: '', tokenizer: 'en_core_web_sm', status: 'INIT_COMPLETE' },
  attributes_data: [{ id: 'a-text', name: 'headline', data_type: 'TEXT', is_primary_key: false, relative_position: 1 }],
  records_data: [
    { id: 'r1', data: { headline: 'one' }, category: 'SCALE' },
    { id: 'r2', data: { headline: 'two' }, category: 'SCALE' },
    { id: 'r3', data: { headline: 'three' }, category: 'SCALE' },
  ],
});

const embedding = (over: Partial<SnapshotEmbedding>): SnapshotEmbedding => ({
  id: 'e',
  name: 'headline-classification-distilbert-base-uncased',
  attribute: 'headline',
  level: 'classification',
  model: 'distilbert-base-uncased',
  type: 'ON_ATTRIBUTE',
  custom: false,
  dimension: 2,
  vectors: [
    { recordId: 'r1', vector: Float32Array.of(1, 2) },
    { recordId: 'r2', vector: Float32Array.of(3, 4) },
    { recordId: 'r3', vector: Float32Array.of(5, 6) },
    { recordId: 'gone', vector: Float32Array.of(7, 8) },
  ],
  ...over,
});

const decode = (b64: string): number[] => Array.from(new Float32Array(Uint8Array.from(Buffer.from(b64, 'base64')).buffer));

describe('the embeddings part of a refinery import', () => {
  it('maps vectors to the new record ids in bounded pages, dropping vectors of unknown records', () => {
    const snapshot: RefinerySnapshot = { ...base, embeddings: [embedding({})] };
    // 2 dims = 10.7 base64 bytes per record: 25 bytes hold two records per page.
    const plan = embeddingsImportPlan(snapshot, ['N1', 'N2', 'N3'], 25);
    expect(plan.skipped).toEqual([]);
    expect(plan.imports).toHaveLength(1);
    const [item] = plan.imports;
    expect(item?.begin).toEqual({ step: 'begin', attributeName: 'headline', model: 'distilbert-base-uncased', level: 'classification', dims: 2 });
    expect(item?.pages.map((p) => p.recordIds)).toEqual([['N1', 'N2'], ['N3']]);
    expect(item?.pages.map((p) => decode(p.vectors))).toEqual([[1, 2, 3, 4], [5, 6]]);
  });

  it('names the embeddings it leaves out', () => {
    const snapshot: RefinerySnapshot = {
      ...base,
      embeddings: [
        embedding({ name: 'headline-extraction-bert', level: 'extraction' }),
        embedding({ name: 'custom', attribute: null, level: 'classification', model: null }),
        embedding({ name: 'headline-classification-empty' }),
      ].map((e) => (e.name === 'headline-classification-empty' ? { ...e, vectors: [] } : e)),
    };
    expect(embeddingsImportPlan(snapshot, ['N1', 'N2', 'N3'], 450_000)).toEqual({
      imports: [],
      skipped: [
        'embedding "headline-extraction-bert": token-level (extraction) vectors are not imported',
        'embedding "custom": the name does not read as <attribute>-classification-<model>',
        'embedding "headline-classification-empty": the snapshot carries no vectors',
      ],
    });
  });
});
