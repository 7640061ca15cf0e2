import { z } from 'zod';
import { Actor } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Runs a computed attribute on every record and replaces the attribute's values in records. A
 * retried attempt (the worker died) aborts the generation the lost attempt opened and starts over.
 */
export const RunCalculationJob = defineJob(
  'attribute-calculations.run-calculation',
  z.object({ runId: z.string().min(1), projectId: z.string().min(1), orgId: z.string().min(1), actor: Actor }),
  { attempts: 2, backoffMs: 2_000 },
);
