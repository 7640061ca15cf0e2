import { Controller, Inject } from '@nestjs/common';
import { WeakSupervisionStatisticsSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { QUEUE } from '@refinery/server-kit';
import { NatsRequestHandler } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import type { TaskHeuristicStatistics } from '@refinery/contracts';
import { unwrapJobResult, type JobResult } from '../shared/job-result.js';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { ComputeStatisticsJob } from './jobs/compute-statistics.job.js';
import { StatisticsService } from './statistics.service.js';

type S = typeof WeakSupervisionStatisticsSubjects;

/** Under the contract's 120 s, so the caller gets our TIMEOUT rather than its own. */
const RECOMPUTE_WAIT_MS = 110_000;

@Controller()
export class StatisticsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(StatisticsService) private readonly statistics: StatisticsService,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
  ) {}

  @NatsRequestHandler(WeakSupervisionStatisticsSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.statistics.get(await this.access.require(env, 'read'), env.payload.taskId);
  }

  @NatsRequestHandler(WeakSupervisionStatisticsSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { tasks: await this.statistics.list(await this.access.require(env, 'read')) };
  }

  @NatsRequestHandler(WeakSupervisionStatisticsSubjects.recompute)
  async recompute(env: Envelope<RequestOf<S['recompute']>>): Promise<ReplyOf<S['recompute']>> {
    const scope = await this.access.require(env, 'write');
    if (!this.queue) throw new AppError('INTERNAL', 'the weak-supervision service runs without its queue');
    const job = await this.queue.enqueue(ComputeStatisticsJob, {
      projectId: scope.projectId,
      taskId: env.payload.taskId,
      trigger: 'requested',
      actor: scope.actor,
      ...(env.payload.activeLearnerSourceIds ? { activeLearnerSourceIds: env.payload.activeLearnerSourceIds } : {}),
    });
    return unwrapJobResult((await this.queue.waitFor(job, RECOMPUTE_WAIT_MS)) as JobResult<TaskHeuristicStatistics>);
  }
}
