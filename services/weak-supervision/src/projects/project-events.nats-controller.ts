import { Controller, Inject } from '@nestjs/common';
import { ProjectEvents, type Envelope, type ProjectDeletedEvent } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, QUEUE } from '@refinery/server-kit';
import { NatsEventHandler } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { StatisticsScheduler } from '../statistics/statistics-scheduler.js';
import { PurgeProjectJob } from './jobs/purge-project.job.js';

@Controller()
export class ProjectEventsNatsController {
  constructor(
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(StatisticsScheduler) private readonly scheduler: StatisticsScheduler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A deleted project: forget it at once, purge its documents in a job (one per project). */
  @NatsEventHandler(ProjectEvents.deleted)
  async onDeleted(env: Envelope<ProjectDeletedEvent>): Promise<void> {
    const { projectId } = env.payload;
    this.access.forget(projectId);
    this.scheduler.forget(projectId);
    try {
      if (!this.queue) throw new Error('the service runs without its queue');
      await this.queue.enqueue(PurgeProjectJob, { projectId }, { jobId: `purge-${projectId}` });
    } catch (error) {
      this.logger.error({ projectId, err: String(error) }, 'purge of a deleted project not enqueued');
    }
  }
}
