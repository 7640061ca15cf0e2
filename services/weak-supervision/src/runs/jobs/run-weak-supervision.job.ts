import { z } from 'zod';
import { EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Executes one stored weak-supervision run. Idempotent: a retry starts a new records generation,
 * which supersedes whatever an interrupted attempt wrote.
 */
export const RunWeakSupervisionJob = defineJob('weak-supervision.run', z.object({ projectId: EntityId, runId: EntityId }), {
  attempts: 2,
  backoffMs: 2_000,
});
