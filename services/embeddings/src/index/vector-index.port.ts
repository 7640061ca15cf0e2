import type { EmbeddingMetric } from '@refinery/contracts';
import type { VectorSet } from '../vectors/vector-set.js';

/** Which vectors an index must hold: one embedding at one revision. */
export interface IndexRef {
  readonly projectId: string;
  readonly embeddingId: string;
  readonly revision: string;
  readonly dims: number;
  readonly metric: EmbeddingMetric;
}

export interface IndexHit {
  readonly id: string;
  /** cosine distance (1 − cos) or euclidean distance */
  readonly distance: number;
}

export interface IndexSearch {
  readonly k: number;
  /** keep only hits with distance ≤ threshold */
  readonly threshold?: number | undefined;
  /** a record never returned (the query record itself) */
  readonly excludeId?: string | undefined;
}

/**
 * The vector search port. Mongo holds the vectors (source of truth); an adapter holds a search
 * structure built from them: `ensure` makes it match a revision (loading the vectors only when it
 * does not), `search` answers nearest-first. Adapters: in-process exact (default) and Qdrant.
 */
export interface VectorIndexPort {
  readonly kind: 'exact' | 'qdrant';
  ensure(ref: IndexRef, load: () => Promise<VectorSet>): Promise<void>;
  search(ref: IndexRef, query: Float32Array, options: IndexSearch): Promise<IndexHit[]>;
  /** Forgets an embedding (deleted embedding or project). */
  drop(embeddingId: string): Promise<void>;
  close(): Promise<void>;
}

/** Nest token of the configured adapter. */
export const VECTOR_INDEX = Symbol('VECTOR_INDEX');
