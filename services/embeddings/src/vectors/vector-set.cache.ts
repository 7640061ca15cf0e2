import { Inject, Injectable } from '@nestjs/common';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import type { ProjectId } from '../shared/project-scope.js';
import { VectorPageRepository } from './vector-page.repository.js';
import { vectorSetOf, type VectorSet } from './vector-set.js';

const MAX_SETS = 16;

/**
 * The visible vectors of recently used embeddings, in memory, keyed by revision: read from Mongo
 * on first use (after a start, or when another replica committed new vectors) and shared by
 * search, threshold, outliers and the vectors subject.
 */
@Injectable()
export class VectorSetCache {
  private readonly sets = new Map<string, { revision: string; set: Promise<VectorSet> }>();

  constructor(@Inject(VectorPageRepository) private readonly pages: VectorPageRepository) {}

  get(projectId: ProjectId, embedding: EmbeddingDoc): Promise<VectorSet> {
    const hit = this.sets.get(embedding._id);
    if (hit && hit.revision === embedding.revision) {
      // most recently used last
      this.sets.delete(embedding._id);
      this.sets.set(embedding._id, hit);
      return hit.set;
    }
    const set = this.load(projectId, embedding);
    set.catch(() => this.sets.delete(embedding._id));
    this.sets.set(embedding._id, { revision: embedding.revision, set });
    while (this.sets.size > MAX_SETS) this.sets.delete(this.sets.keys().next().value!);
    return set;
  }

  forget(embeddingId: string): void {
    this.sets.delete(embeddingId);
  }

  private async load(projectId: ProjectId, embedding: EmbeddingDoc): Promise<VectorSet> {
    if (embedding.generation === null || embedding.dims === null) return vectorSetOf([], embedding.dims ?? 1);
    return vectorSetOf(await this.pages.ofGeneration(projectId, embedding._id, embedding.generation), embedding.dims);
  }
}
