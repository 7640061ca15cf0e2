import { z } from 'zod';
import { Actor } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Imports a committed upload: infers the schema (pass 1), writes the rows as a new records
 * generation (pass 2) and flips it in. Each attempt starts a new generation, so a retry after a
 * crash never mixes with the leftovers of the previous attempt.
 */
export const ImportRecordsJob = defineJob(
  'records.import',
  // `actor`: who committed the upload (its outcome events name them); absent in jobs queued before it existed.
  z.object({ projectId: z.string().min(1), uploadId: z.string().min(1), actor: Actor.optional() }),
  { attempts: 2, backoffMs: 2_000 },
);
