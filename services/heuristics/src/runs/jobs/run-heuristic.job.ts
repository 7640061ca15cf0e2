import { z } from 'zod';
import { Actor } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Runs one heuristic on every record of its project and replaces its outputs in records. A
 * retried attempt (the worker died) starts over: its `begin` supersedes the lost generation.
 */
export const RunHeuristicJob = defineJob(
  'runs.run-heuristic',
  z.object({ runId: z.string().min(1), projectId: z.string().min(1), orgId: z.string().min(1), actor: Actor }),
  { attempts: 2, backoffMs: 2_000 },
);
