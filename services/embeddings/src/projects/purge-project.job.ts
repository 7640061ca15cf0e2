import { z } from 'zod';
import { EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/** Removes a deleted project's embeddings, vectors and states; a job so the clean-up is retried. */
export const PurgeProjectJob = defineJob('project.purge', z.object({ projectId: EntityId }), { attempts: 5, backoffMs: 2_000 });
