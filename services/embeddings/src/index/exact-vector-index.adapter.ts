import { ExactVectorIndex } from '@refinery/embedders';
import type { VectorSet } from '../vectors/vector-set.js';
import type { IndexHit, IndexRef, IndexSearch, VectorIndexPort } from './vector-index.port.js';

interface Entry {
  readonly revision: string;
  readonly index: ExactVectorIndex;
  readonly set: VectorSet;
}

/**
 * Exact search in process memory (`ExactVectorIndex`: 100k × 64 in a few ms). Built lazily per
 * embedding from Mongo on first use after a start, and rebuilt when the revision moves; concurrent
 * callers share one build.
 */
export class ExactVectorIndexAdapter implements VectorIndexPort {
  readonly kind = 'exact' as const;
  /** Indexes kept (least recently built dropped first); 100k × 64 take 25 MB each. */
  private readonly capacity: number;
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();

  constructor(capacity = 16) {
    this.capacity = capacity;
  }

  async ensure(ref: IndexRef, load: () => Promise<VectorSet>): Promise<void> {
    await this.entry(ref, load);
  }

  async search(ref: IndexRef, query: Float32Array, options: IndexSearch): Promise<IndexHit[]> {
    const entry = this.entries.get(ref.embeddingId);
    if (!entry || entry.revision !== ref.revision) throw new Error(`index of embedding ${ref.embeddingId} is not at revision ${ref.revision}; call ensure first`);
    const exclude = options.excludeId === undefined ? undefined : entry.set.rows.get(options.excludeId);
    const hits = entry.index.search(query, Math.min(options.k, Math.max(1, entry.index.n)), {
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(exclude === undefined ? {} : { exclude }),
    });
    return entry.index.n === 0 ? [] : hits.map((h) => ({ id: entry.set.ids[h.index]!, distance: h.distance }));
  }

  /** The in-memory set behind an ensured revision (similarity threshold, outliers, vectors). */
  vectorSet(ref: IndexRef): VectorSet | null {
    const entry = this.entries.get(ref.embeddingId);
    return entry && entry.revision === ref.revision ? entry.set : null;
  }

  drop(embeddingId: string): Promise<void> {
    this.entries.delete(embeddingId);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  private async entry(ref: IndexRef, load: () => Promise<VectorSet>): Promise<Entry> {
    const have = this.entries.get(ref.embeddingId);
    if (have && have.revision === ref.revision) return have;
    const key = `${ref.embeddingId}@${ref.revision}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = load()
        .then((set) => {
          const entry = { revision: ref.revision, set, index: new ExactVectorIndex(set.matrix, set.ids.length, set.dims, ref.metric) };
          this.entries.delete(ref.embeddingId);
          this.entries.set(ref.embeddingId, entry);
          while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
          return entry;
        })
        .finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }
}
