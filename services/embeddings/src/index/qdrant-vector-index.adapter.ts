import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { VectorSet } from '../vectors/vector-set.js';
import type { IndexHit, IndexRef, IndexSearch, VectorIndexPort } from './vector-index.port.js';

const UPSERT_POINTS = 1_000;

/**
 * Qdrant as the search structure (QDRANT_URL): one collection per embedding
 * (`refinery_<embeddingId>`), points keyed by a UUID derived from the record id, payload
 * `{projectId, recordId}`. Kept thin: Mongo stays the source of truth, and a collection whose
 * revision this process has not seen is rebuilt from it (drop, create, upsert in pages).
 */
export class QdrantVectorIndexAdapter implements VectorIndexPort {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;
  private readonly revisions = new Map<string, string>();
  private readonly building = new Map<string, Promise<void>>();

  constructor(url: string, apiKey?: string) {
    this.client = new QdrantClient({ url, ...(apiKey ? { apiKey } : {}), checkCompatibility: false });
  }

  async ensure(ref: IndexRef, load: () => Promise<VectorSet>): Promise<void> {
    if (this.revisions.get(ref.embeddingId) === ref.revision) return;
    const key = `${ref.embeddingId}@${ref.revision}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.rebuild(ref, await load()).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    await pending;
  }

  async search(ref: IndexRef, query: Float32Array, options: IndexSearch): Promise<IndexHit[]> {
    const cosine = ref.metric === 'cosine';
    const threshold = options.threshold === undefined ? undefined : cosine ? 1 - options.threshold : options.threshold;
    const result = await this.client.query(collectionOf(ref.embeddingId), {
      query: Array.from(query),
      limit: options.k,
      with_payload: true,
      ...(threshold === undefined ? {} : { score_threshold: threshold }),
      ...(options.excludeId === undefined ? {} : { filter: { must_not: [{ has_id: [pointId(options.excludeId)] }] } }),
    });
    return result.points.map((p) => ({
      id: String((p.payload as { recordId?: unknown } | null | undefined)?.recordId),
      // Qdrant scores cosine as similarity and Euclid as distance.
      distance: cosine ? Math.max(0, 1 - p.score) : p.score,
    }));
  }

  async drop(embeddingId: string): Promise<void> {
    this.revisions.delete(embeddingId);
    const name = collectionOf(embeddingId);
    if ((await this.client.collectionExists(name)).exists) await this.client.deleteCollection(name);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async rebuild(ref: IndexRef, set: VectorSet): Promise<void> {
    const name = collectionOf(ref.embeddingId);
    if ((await this.client.collectionExists(name)).exists) await this.client.deleteCollection(name);
    await this.client.createCollection(name, { vectors: { size: set.dims, distance: ref.metric === 'cosine' ? 'Cosine' : 'Euclid' } });
    for (let from = 0; from < set.ids.length; from += UPSERT_POINTS) {
      const ids = set.ids.slice(from, from + UPSERT_POINTS);
      await this.client.upsert(name, {
        wait: true,
        points: ids.map((recordId, i) => ({
          id: pointId(recordId),
          vector: Array.from(set.matrix.subarray((from + i) * set.dims, (from + i + 1) * set.dims)),
          payload: { projectId: ref.projectId, recordId },
        })),
      });
    }
    this.revisions.set(ref.embeddingId, ref.revision);
  }
}

function collectionOf(embeddingId: string): string {
  return `refinery_${embeddingId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Qdrant ids are unsigned integers or UUIDs; record ids are opaque strings, so hash them to a UUID. */
function pointId(recordId: string): string {
  const h = createHash('sha1').update(recordId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
