import { z } from 'zod';
import { EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/** Embeds records added or changed since the run (and drops deleted ones) with the stored embedder state. */
export const SyncEmbeddingJob = defineJob('embedding.sync', z.object({ projectId: EntityId, embeddingId: EntityId }), { attempts: 3, backoffMs: 2_000 });
