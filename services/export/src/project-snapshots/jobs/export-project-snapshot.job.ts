import { z } from 'zod';
import { Actor, EntityId, SnapshotPassword } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Exports a project to an archive. One attempt: a failed export removes its partial archive and
 * the caller asks again. The password (if any) sits in Redis with the job until BullMQ removes it.
 */
export const ExportProjectSnapshotJob = defineJob(
  'project-snapshots.export',
  z.object({ projectId: EntityId, includeVectors: z.boolean(), password: SnapshotPassword.optional(), actor: Actor }),
  { attempts: 1 },
);
