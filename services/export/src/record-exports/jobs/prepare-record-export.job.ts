import { z } from 'zod';
import { Actor, EntityId } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/**
 * Writes one record export into GridFS. Two attempts: a worker that dies mid-way leaves a partial
 * file that the next attempt deletes before it starts again (with a fresh cursor if the first expired).
 */
export const PrepareRecordExportJob = defineJob(
  'record-exports.prepare',
  z.object({ exportId: EntityId, projectId: EntityId, actor: Actor }),
  { attempts: 2, backoffMs: 2_000 },
);
