import { Controller, Inject } from '@nestjs/common';
import { ProjectSnapshotSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { QUEUE } from '@refinery/server-kit';
import { NatsRequestHandler } from '@refinery/server-nats';
import type { JobDefinition, QueueManager } from '@refinery/server-queue';
import type { z } from 'zod';
import { ArchiveStore } from './archive-store.js';
import { ArchiveUploads } from './archive-uploads.js';
import { ExportProjectSnapshotJob } from './jobs/export-project-snapshot.job.js';
import { ImportProjectSnapshotJob } from './jobs/import-project-snapshot.job.js';
import type { JobOutcome } from './project-snapshot.runner.js';

type S = typeof ProjectSnapshotSubjects;

/** Just under the contract's 30 minutes, so the caller gets our TIMEOUT rather than its own. */
const JOB_WAIT_MS = 29 * 60_000;

@Controller()
export class ProjectSnapshotsNatsController {
  constructor(
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
    @Inject(ArchiveUploads) private readonly uploads: ArchiveUploads,
  ) {}

  /** Enqueues the export and answers when it is done (progress: export.project-snapshots.progress.v1). */
  @NatsRequestHandler(ProjectSnapshotSubjects.export)
  async export(env: Envelope<RequestOf<S['export']>>): Promise<ReplyOf<S['export']>> {
    if (!env.projectId) throw new AppError('VALIDATION_FAILED', 'projectId: the envelope names the project to export', { issues: [{ path: ['projectId'], message: 'required' }] });
    const { includeVectors, password } = env.payload;
    return this.runJob<typeof ExportProjectSnapshotJob.payload, Omit<ReplyOf<S['export']>, 'jobId'>>(ExportProjectSnapshotJob, { projectId: env.projectId, includeVectors, ...(password ? { password } : {}), actor: env.actor });
  }

  @NatsRequestHandler(ProjectSnapshotSubjects.import)
  async import(env: Envelope<RequestOf<S['import']>>): Promise<ReplyOf<S['import']>> {
    // Checked here too, so a wrong archive id answers at once.
    await this.archives.info(env.actor, env.payload.archiveId);
    return this.runJob<typeof ImportProjectSnapshotJob.payload, Omit<ReplyOf<S['import']>, 'jobId'>>(ImportProjectSnapshotJob, { ...env.payload, actor: env.actor });
  }

  @NatsRequestHandler(ProjectSnapshotSubjects.get)
  get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.archives.info(env.actor, env.payload.archiveId, env.projectId);
  }

  @NatsRequestHandler(ProjectSnapshotSubjects.download)
  async download(env: Envelope<RequestOf<S['download']>>): Promise<ReplyOf<S['download']>> {
    const { archiveId, offset, length } = env.payload;
    const { data, total } = await this.archives.range(env.actor, archiveId, offset, length, env.projectId);
    return { data: data.toString('base64'), offset, total, eof: offset + data.length >= total };
  }

  @NatsRequestHandler(ProjectSnapshotSubjects.upload)
  upload(env: Envelope<RequestOf<S['upload']>>): Promise<ReplyOf<S['upload']>> {
    return this.uploads.chunk(env.actor, env.payload);
  }

  @NatsRequestHandler(ProjectSnapshotSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.archives.delete(env.actor, env.payload.archiveId, env.projectId);
    return { deleted: true };
  }

  private async runJob<S extends z.ZodType, T extends object>(job: JobDefinition<S>, payload: z.input<S>): Promise<T & { jobId: string }> {
    if (!this.queue) throw new AppError('INTERNAL', 'the export service runs without its queue');
    const enqueued = await this.queue.enqueue(job, payload);
    const result = (await this.queue.waitFor(enqueued, JOB_WAIT_MS)) as JobOutcome<T>;
    if (!result.ok) throw new AppError(result.code, result.message);
    return { jobId: String(enqueued.id), ...result.value };
  }
}
