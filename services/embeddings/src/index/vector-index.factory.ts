import type { EmbeddingsConfig } from '../shared/embeddings-config.js';
import { ExactVectorIndexAdapter } from './exact-vector-index.adapter.js';
import { QdrantVectorIndexAdapter } from './qdrant-vector-index.adapter.js';
import type { VectorIndexPort } from './vector-index.port.js';

/** Qdrant when QDRANT_URL is set, else the in-process exact index. */
export function createVectorIndex(config: Pick<EmbeddingsConfig, 'QDRANT_URL' | 'QDRANT_API_KEY'>): VectorIndexPort {
  return config.QDRANT_URL ? new QdrantVectorIndexAdapter(config.QDRANT_URL, config.QDRANT_API_KEY) : new ExactVectorIndexAdapter();
}
