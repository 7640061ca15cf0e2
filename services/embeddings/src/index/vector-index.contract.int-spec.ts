import { randomUUID } from 'node:crypto';
import { mulberry32 } from '@refinery/embedders';
import { vectorSetOf, type VectorSet } from '../vectors/vector-set.js';
import { toBuffer } from '../vectors/vector-codec.js';
import { ExactVectorIndexAdapter } from './exact-vector-index.adapter.js';
import { QdrantVectorIndexAdapter } from './qdrant-vector-index.adapter.js';
import type { IndexRef, VectorIndexPort } from './vector-index.port.js';

// Every adapter available runs the same suite: the exact index always, Qdrant when QDRANT_URL
// points at a server (none runs on these machines, so it is left out of the list, not skipped).
const qdrantUrl = process.env['QDRANT_URL'];
const adapters: { name: string; make: () => VectorIndexPort }[] = [
  { name: 'exact (in-process)', make: () => new ExactVectorIndexAdapter() },
  ...(qdrantUrl ? [{ name: `qdrant at ${qdrantUrl}`, make: () => new QdrantVectorIndexAdapter(qdrantUrl, process.env['QDRANT_API_KEY']) }] : []),
];
const title = `vector index contract — adapters: ${adapters.map((a) => a.name).join(', ')}${qdrantUrl ? '' : ' (qdrant only when QDRANT_URL is set; it is not set here)'}`;

function randomSet(n: number, dims: number, seed: number, ids = Array.from({ length: n }, (_, i) => `rec-${i}`)): VectorSet {
  const rand = mulberry32(seed);
  const values = Float32Array.from({ length: n * dims }, () => rand() * 2 - 1);
  return vectorSetOf([{ recordIds: ids, hashes: ids.map(() => ''), tokenCounts: [], removedIds: [], dims, vectors: toBuffer(values) }], dims);
}

/** Brute force, the reference every adapter must agree with. */
function bruteForce(set: VectorSet, query: Float32Array, metric: 'cosine' | 'euclidean', exclude?: string): { id: string; distance: number }[] {
  const d = set.dims;
  const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return set.ids
    .map((id, i) => {
      const row = set.matrix.subarray(i * d, (i + 1) * d);
      let dot = 0;
      let sq = 0;
      for (let c = 0; c < d; c++) {
        dot += row[c]! * query[c]!;
        sq += (row[c]! - query[c]!) ** 2;
      }
      return { id, distance: metric === 'cosine' ? 1 - dot / (norm(row) * norm(query) || 1) : Math.sqrt(sq) };
    })
    .filter((h) => h.id !== exclude)
    .sort((a, b) => a.distance - b.distance);
}

describe(title, () => {
  describe.each(adapters)('$name', ({ make }) => {
    let index: VectorIndexPort;
    const refs: IndexRef[] = [];
    const ref = (metric: 'cosine' | 'euclidean', dims = 8, revision = 'r1', embeddingId = `emb-${randomUUID()}`): IndexRef => {
      const r = { projectId: 'project-contract', embeddingId, revision, dims, metric };
      refs.push(r);
      return r;
    };
    beforeAll(() => {
      index = make();
    });
    afterAll(async () => {
      for (const r of refs) await index.drop(r.embeddingId);
      await index.close();
    });

    it.each(['cosine', 'euclidean'] as const)('finds the k nearest records by %s distance, nearest first, the query record excluded', async (metric) => {
      const set = randomSet(300, 8, 7);
      const r = ref(metric);
      await index.ensure(r, () => Promise.resolve(set));
      const query = set.matrix.slice(0, 8);
      const hits = await index.search(r, query, { k: 10, excludeId: 'rec-0' });
      const expected = bruteForce(set, query, metric, 'rec-0').slice(0, 10);
      expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      hits.forEach((h, i) => expect(h.distance).toBeCloseTo(expected[i]!.distance, 4));
    });

    it('keeps only hits within a distance threshold', async () => {
      const set = randomSet(200, 8, 11);
      const r = ref('cosine');
      await index.ensure(r, () => Promise.resolve(set));
      const query = set.matrix.slice(8, 16);
      const all = bruteForce(set, query, 'cosine', 'rec-1');
      const threshold = all[14]!.distance;
      const hits = await index.search(r, query, { k: 100, threshold, excludeId: 'rec-1' });
      expect(hits.map((h) => h.id)).toEqual(all.filter((h) => h.distance <= threshold + 1e-6).map((h) => h.id));
    });

    it('serves the new vectors after the revision moves, and loads only when it does', async () => {
      const first = randomSet(50, 4, 1);
      const second = randomSet(60, 4, 2, Array.from({ length: 60 }, (_, i) => `next-${i}`));
      const r1 = ref('euclidean', 4, 'r1');
      let loads = 0;
      await index.ensure(r1, () => Promise.resolve((loads++, first)));
      await index.ensure(r1, () => Promise.resolve((loads++, first)));
      expect(loads).toBe(1);
      const r2 = { ...r1, revision: 'r2' };
      await index.ensure(r2, () => Promise.resolve((loads++, second)));
      expect(loads).toBe(2);
      const hits = await index.search(r2, second.matrix.slice(0, 4), { k: 60 });
      expect(hits).toHaveLength(60);
      expect(hits.every((h) => h.id.startsWith('next-'))).toBe(true);
      expect(hits[0]).toEqual({ id: 'next-0', distance: expect.closeTo(0, 3) });
    });

    it('returns fewer hits than k on a small set and none on an empty one', async () => {
      const r = ref('cosine', 3);
      await index.ensure(r, () => Promise.resolve(randomSet(3, 3, 5)));
      expect(await index.search(r, Float32Array.of(1, 0, 0), { k: 10, excludeId: 'rec-2' })).toHaveLength(2);
      const empty = ref('cosine', 3);
      await index.ensure(empty, () => Promise.resolve(randomSet(0, 3, 5)));
      expect(await index.search(empty, Float32Array.of(1, 0, 0), { k: 10 })).toEqual([]);
    });
  });
});
