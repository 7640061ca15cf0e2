import { z } from 'zod';
import { EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * The fit of one run: reads the texts, fits vocabulary and PCA (built-in models) or PCA on a
 * sample (pre-trained), stores the state and enqueues the batch jobs. Idempotent per generation.
 */
export const FitEmbeddingJob = defineJob('embedding.fit', z.object({ projectId: EntityId, embeddingId: EntityId, generation: z.number().int() }), {
  attempts: 3,
  backoffMs: 2_000,
});
