import { Controller, Inject } from '@nestjs/common';
import { ProjectEvents, RecordEvents, UploadEvents, type Envelope, type PayloadOf, type ProjectDeletedEvent } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, QUEUE } from '@refinery/server-kit';
import { NatsEventHandler } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import { EmbeddingRunner } from '../runs/embedding-runner.service.js';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { PurgeProjectJob } from './purge-project.job.js';

/**
 * Project lifecycle from the records service (a trusted publisher): a completed upload brings
 * every finished, non-frozen embedding of the project up to date (a sync job); a deleted project
 * takes its embeddings and vectors with it (a purge job, retried).
 */
@Controller()
export class ProjectEventsNatsController {
  constructor(
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(EmbeddingRunner) private readonly runner: EmbeddingRunner,
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @NatsEventHandler(UploadEvents.completed)
  async onUploadCompleted(env: Envelope<PayloadOf<typeof UploadEvents.completed>>): Promise<void> {
    await this.syncAll(trustedProjectId(env.payload.projectId), 'an upload');
  }

  /** Records added, edited or deleted one by one: new and changed texts are embedded, deleted ones dropped. */
  @NatsEventHandler(RecordEvents.changed)
  async onRecordsChanged(env: Envelope<PayloadOf<typeof RecordEvents.changed>>): Promise<void> {
    await this.syncAll(trustedProjectId(env.payload.projectId), `records ${env.payload.change}`);
  }

  /** Brings every finished, non-frozen embedding of the project up to date (a sync job each; a queued one absorbs repeats). */
  private async syncAll(projectId: ReturnType<typeof trustedProjectId>, cause: string): Promise<void> {
    try {
      for (const e of await this.embeddings.list(projectId)) {
        if (e.visible && !e.frozen && e.state === 'FINISHED') await this.runner.requestSync(projectId, e._id);
      }
    } catch (error) {
      this.logger.error({ projectId, cause, err: String(error) }, 'embedding sync not enqueued');
    }
  }

  @NatsEventHandler(ProjectEvents.deleted)
  async onDeleted(env: Envelope<ProjectDeletedEvent>): Promise<void> {
    const { projectId } = env.payload;
    this.access.forget(projectId);
    try {
      if (!this.queue) throw new Error('the service runs without its queue');
      await this.queue.enqueue(PurgeProjectJob, { projectId }, { jobId: `purge-${projectId}` });
    } catch (error) {
      this.logger.error({ projectId, err: String(error) }, 'purge of a deleted project not enqueued');
    }
  }
}
