import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from '../records/common.js';

export const SimilarHit = z.object({
  id: EntityId,
  /** similarity in the embedding's metric: 1 − cosine distance, or −euclidean distance (higher = closer) */
  score: z.number(),
  distance: z.number().nonnegative(),
});
export type SimilarHit = z.infer<typeof SimilarHit>;

export const OutlierHit = z.object({ id: EntityId, score: z.number().nonnegative() });
export type OutlierHit = z.infer<typeof OutlierHit>;

export const SimilaritySubjects = {
  /**
   * The records nearest to `recordId`, nearest first, itself excluded. `threshold`: `auto`
   * (default, refinery's 5th percentile of pairwise distances on a sample), `none`, or a distance.
   */
  find: defineRequest(
    'embeddings.similar.find.v1',
    z.object({
      embeddingId: EntityId,
      recordId: EntityId,
      limit: z.number().int().min(1).max(10_000).default(100),
      threshold: z.union([z.literal('auto'), z.literal('none'), z.number().nonnegative()]).default('auto'),
    }),
    z.object({ hits: z.array(SimilarHit), threshold: z.number().nullable() }),
    15_000,
  ),
  /** The most unusual records of an embedding (kNN score by default), highest score first. */
  outliers: defineRequest(
    'embeddings.outliers.find.v1',
    z.object({
      embeddingId: EntityId,
      limit: z.number().int().min(1).max(10_000).default(100),
      method: z.enum(['knn', 'centroid']).default('knn'),
    }),
    z.object({ records: z.array(OutlierHit), total: z.number().int().nonnegative() }),
    30_000,
  ),
} as const;
