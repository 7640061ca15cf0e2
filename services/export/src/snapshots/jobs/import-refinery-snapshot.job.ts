import { z } from 'zod';
import { Actor, RefinerySampleId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Imports a refinery sample snapshot as a new project of the actor's organization. One attempt:
 * a failed import is aborted on the records side (nothing stays), and the caller asks again.
 */
export const ImportRefinerySnapshotJob = defineJob(
  'snapshots.import-refinery',
  z.object({
    sampleId: RefinerySampleId,
    name: z.string().optional(),
    actor: Actor,
  }),
  { attempts: 1 },
);
