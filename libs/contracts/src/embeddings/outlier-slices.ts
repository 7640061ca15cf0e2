import { z } from 'zod';
import { defineRequest } from '../message.js';
import { DisplayName, EntityId } from '../records/common.js';
import { DataSlice, MAX_STATIC_SLICE_RECORDS } from '../records/slices.js';

/**
 * Answered by the records service (it owns slices), listed with the embeddings contracts because
 * it exists for them: a STATIC slice of the `limit` top outliers of an embedding (issue 7,
 * "outlier slices from embeddings").
 */
export const OutlierSliceSubjects = {
  create: defineRequest(
    'records.slices.create-from-outliers.v1',
    z.object({
      name: DisplayName,
      embeddingId: EntityId,
      limit: z.number().int().min(1).max(MAX_STATIC_SLICE_RECORDS).default(100),
      method: z.enum(['knn', 'centroid']).default('knn'),
    }),
    DataSlice,
    60_000,
  ),
} as const;
