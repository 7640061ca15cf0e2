import { z } from 'zod';
import { Actor, DisplayName, EntityId, SnapshotPassword } from '@refinery/contracts';
import { defineJob } from '@refinery/server-queue';

/** Imports an archive as a new project. One attempt: a failed import is undone, the caller asks again. */
export const ImportProjectSnapshotJob = defineJob(
  'project-snapshots.import',
  z.object({ archiveId: EntityId, name: DisplayName.optional(), password: SnapshotPassword.optional(), actor: Actor }),
  { attempts: 1 },
);
