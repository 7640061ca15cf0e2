import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestOf, WeakSupervisionRun, WeakSupervisionRunSubjects } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { QUEUE } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import { DEFAULT_MODEL } from '../models/label-model-catalog.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { RecordsClient } from '../shared/records-client.js';
import { TaskStatisticsRepository } from '../statistics/task-statistics.repository.js';
import { RunWeakSupervisionJob } from './jobs/run-weak-supervision.job.js';
import type { RunDoc } from './run.schema.js';
import { RunRepository } from './run.repository.js';

type StartRequest = RequestOf<typeof WeakSupervisionRunSubjects.start>;

/** Starts runs (stored, then a job) and serves them. */
@Injectable()
export class RunsService {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(TaskStatisticsRepository) private readonly statistics: TaskStatisticsRepository,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
  ) {}

  async start(scope: ProjectScope, request: StartRequest): Promise<WeakSupervisionRun> {
    if (!this.queue) throw new AppError('INTERNAL', 'the weak-supervision service runs without its queue');
    const task = await this.records.task(scope, request.taskId);
    if (task.labels.length === 0) throw invalid('taskId', `task "${task.name}" has no labels`);
    const learners = request.activeLearnerSourceIds ?? (await this.statistics.ofTask(scope.projectId, task.id))?.activeLearnerSourceIds ?? [];
    const doc = await this.runs.insert(scope.projectId, {
      _id: randomUUID(),
      taskId: task.id,
      state: 'QUEUED',
      parameters: {
        taskId: task.id,
        model: request.model ?? DEFAULT_MODEL,
        heuristicIds: request.heuristicIds ? [...new Set(request.heuristicIds)].sort() : null,
        activeLearnerSourceIds: [...new Set(learners)].sort(),
        includeUncovered: request.includeUncovered,
      },
      actor: scope.actor,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      summary: null,
      quality: null,
      error: null,
    });
    try {
      await this.queue.enqueue(RunWeakSupervisionJob, { projectId: scope.projectId, runId: doc._id }, { jobId: doc._id });
    } catch (error) {
      const body = error instanceof AppError ? error.toBody() : { code: 'UNAVAILABLE' as const, message: String(error) };
      await this.runs.update(scope.projectId, doc._id, { state: 'FAILED', finishedAt: new Date(), error: body });
      throw error;
    }
    return runView(doc);
  }

  async get(scope: ProjectScope, runId: string): Promise<WeakSupervisionRun> {
    const doc = await this.runs.findById(scope.projectId, runId);
    if (!doc) throw notFound('weak-supervision run', runId);
    return runView(doc);
  }

  async list(scope: ProjectScope, taskId: string | undefined, limit: number): Promise<WeakSupervisionRun[]> {
    return (await this.runs.list(scope.projectId, taskId, limit)).map(runView);
  }
}

export function runView(doc: RunDoc): WeakSupervisionRun {
  return {
    id: doc._id,
    taskId: doc.taskId,
    state: doc.state,
    parameters: doc.parameters,
    createdBy: doc.actor.userId,
    createdAt: doc.createdAt.toISOString(),
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    summary: doc.summary,
    quality: doc.quality,
    error: doc.error,
  };
}
