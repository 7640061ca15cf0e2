import { z } from 'zod';
import { Actor, EntityId, WsStatisticsTrigger } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Recomputes one task's heuristic statistics from the records' label matrix. A job so that the
 * recompute after label changes survives a restart of the api process that debounced it.
 */
export const ComputeStatisticsJob = defineJob(
  'statistics.compute',
  z.object({
    projectId: EntityId,
    taskId: EntityId,
    trigger: WsStatisticsTrigger,
    /** Replaces the stored active-learner set when given. */
    activeLearnerSourceIds: z.array(EntityId).optional(),
    actor: Actor,
  }),
  { attempts: 3, backoffMs: 2_000 },
);
