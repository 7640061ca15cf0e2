import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import type { IndexRef } from '../index/vector-index.port.js';
import { invalid } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { VectorSetCache } from '../vectors/vector-set.cache.js';
import type { VectorSet } from '../vectors/vector-set.js';

export interface UsableEmbedding {
  readonly doc: EmbeddingDoc;
  readonly set: VectorSet;
  readonly ref: IndexRef;
}

/** The visible vectors of a classification embedding that has committed some; else a clear error. */
@Injectable()
export class EmbeddingVectorsService {
  constructor(
    @Inject(EmbeddingsService) private readonly embeddings: EmbeddingsService,
    @Inject(VectorSetCache) private readonly sets: VectorSetCache,
  ) {}

  /**
   * `fresh`: read the definition now instead of reusing one read in the last
   * EMBEDDINGS_DOC_CACHE_MS (searches reuse it; the vectors subject — learners, exports — must not
   * miss vectors committed a moment ago).
   */
  async usable(scope: ProjectScope, embeddingId: string, options: { fresh?: boolean } = {}): Promise<UsableEmbedding> {
    const doc = options.fresh ? await this.embeddings.require(scope, embeddingId) : await this.embeddings.requireRecent(scope, embeddingId);
    if (doc.level !== 'classification') {
      throw invalid('embeddingId', `embedding "${doc.name}" is token-level (extraction); similarity, outliers and record vectors need a classification embedding`);
    }
    if (doc.generation === null || doc.dims === null) {
      throw new AppError('CONFLICT', `embedding "${doc.name}" has no vectors yet (state ${doc.state})`);
    }
    const set = await this.sets.get(scope.projectId, doc);
    return { doc, set, ref: { projectId: doc.projectId, embeddingId: doc._id, revision: doc.revision, dims: doc.dims, metric: doc.metric } };
  }
}
