import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { LOGGER, OnJob } from '@refinery/server-kit';
import { RunRepository } from '../runs/run.repository.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { TaskStatisticsRepository } from '../statistics/task-statistics.repository.js';
import { PurgeProjectJob } from './jobs/purge-project.job.js';

/** Deletes this service's data of a deleted project (idempotent, so retries are safe). */
@Injectable()
export class ProjectPurgeService {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(TaskStatisticsRepository) private readonly statistics: TaskStatisticsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(PurgeProjectJob)
  async purge(payload: { projectId: string }): Promise<{ runs: number; statistics: number }> {
    // Named by the records service's deletion event: records already removed the project itself.
    const projectId = trustedProjectId(payload.projectId);
    const removed = { runs: await this.runs.purge(projectId), statistics: await this.statistics.purge(projectId) };
    this.logger.info({ projectId, removed }, 'project data purged');
    return removed;
  }
}
