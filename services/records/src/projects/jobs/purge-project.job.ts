import { z } from 'zod';
import { defineJob } from '@refinery/server-queue';

/**
 * Removes every document of a deleted project from the service's database. A job (not an
 * in-request loop) so that the clean-up survives a crash and is retried.
 */
export const PurgeProjectJob = defineJob('project.purge', z.object({ projectId: z.string().min(1) }), {
  attempts: 5,
  backoffMs: 2_000,
});
