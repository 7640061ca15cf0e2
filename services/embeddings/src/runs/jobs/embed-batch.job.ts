import { z } from 'zod';
import { EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * One batch of a run: the records after `afterSeq` (at most `limit`) in the default order, as one
 * vector page. Runs on the `embeddings-batches` queue so any worker process takes any batch, and
 * a batch whose worker died is taken over after EMBEDDINGS_LOCK_DURATION_MS. Idempotent: the page
 * and the batch mark are insert-once.
 */
export const EmbedBatchJob = defineJob(
  'embedding.batch',
  z.object({
    projectId: EntityId,
    embeddingId: EntityId,
    generation: z.number().int(),
    batch: z.number().int().nonnegative(),
    afterSeq: z.number().int().min(-1),
    limit: z.number().int().min(1).max(2_000),
  }),
  { attempts: 5, backoffMs: 1_000 },
);
