import type { Embedding } from '@refinery/contracts';
import type { EmbeddingDoc } from './embedding.schema.js';

export function embeddingView(doc: EmbeddingDoc): Embedding {
  return {
    id: doc._id,
    name: doc.name,
    attributeName: doc.attributeName,
    model: doc.model,
    level: doc.level,
    requestedDims: doc.requestedDims,
    dims: doc.dims,
    reduced: doc.reduced,
    metric: doc.metric,
    state: doc.state,
    frozen: doc.frozen,
    vectors: doc.vectorCount,
    progress: doc.progress,
    error: doc.error,
    createdAt: new Date(doc.createdAt).toISOString(),
    finishedAt: doc.finishedAt ? new Date(doc.finishedAt).toISOString() : null,
  };
}
