import { Controller, Inject } from '@nestjs/common';
import { ExportSnapshotSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { QUEUE } from '@refinery/server-kit';
import { NatsRequestHandler } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import { ImportRefinerySnapshotJob } from './jobs/import-refinery-snapshot.job.js';
import type { ImportJobResult } from './refinery-import.runner.js';

type S = typeof ExportSnapshotSubjects;

/** Just under the contract's 10 minutes, so the caller gets our TIMEOUT rather than its own. */
const JOB_WAIT_MS = 9.5 * 60_000;

@Controller()
export class SnapshotsNatsController {
  constructor(@Inject(QUEUE) private readonly queue: QueueManager | null) {}

  /** Enqueues the import job and answers when it is done (progress: export.snapshots.import-progress.v1). */
  @NatsRequestHandler(ExportSnapshotSubjects.importRefinery)
  async importRefinery(env: Envelope<RequestOf<S['importRefinery']>>): Promise<ReplyOf<S['importRefinery']>> {
    if (!this.queue) throw new AppError('INTERNAL', 'the export service runs without its queue');
    const job = await this.queue.enqueue(ImportRefinerySnapshotJob, { ...env.payload, actor: env.actor });
    const result = (await this.queue.waitFor(job, JOB_WAIT_MS)) as ImportJobResult;
    if (!result.ok) throw new AppError(result.code, result.message);
    return { jobId: String(job.id), ...result.value };
  }
}
