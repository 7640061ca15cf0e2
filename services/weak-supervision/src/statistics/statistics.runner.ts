import { Inject, Injectable } from '@nestjs/common';
import type { TaskHeuristicStatistics } from '@refinery/contracts';
import type { z } from 'zod';
import { OnJob } from '@refinery/server-kit';
import { asJobResult, type JobResult } from '../shared/job-result.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { ComputeStatisticsJob } from './jobs/compute-statistics.job.js';
import { StatisticsService } from './statistics.service.js';

@Injectable()
export class StatisticsRunner {
  constructor(@Inject(StatisticsService) private readonly statistics: StatisticsService) {}

  /** The project was checked when the job was enqueued (request) or named by records (event). */
  @OnJob(ComputeStatisticsJob)
  run(payload: z.infer<typeof ComputeStatisticsJob.payload>): Promise<JobResult<TaskHeuristicStatistics>> {
    const scope = { projectId: trustedProjectId(payload.projectId), actor: payload.actor };
    return asJobResult(() =>
      this.statistics.compute(scope, { taskId: payload.taskId, trigger: payload.trigger, activeLearnerSourceIds: payload.activeLearnerSourceIds }),
    );
  }
}
