import { Inject, Injectable } from '@nestjs/common';
import { WeakSupervisionStatisticsEvents, type TaskHeuristicStatistics, type WsStatisticsTrigger } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, EventPublisher } from '@refinery/server-kit';
import { TaskMatrixReader } from '../matrix/task-matrix.reader.js';
import { referenceRecordCount, type TaskData } from '../matrix/task-data.js';
import { notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { HeuristicsClient } from '../shared/heuristics-client.js';
import { RecordsClient } from '../shared/records-client.js';
import { computeStatistics } from './statistics-calculator.js';
import type { TaskStatisticsDoc } from './task-statistics.schema.js';
import { TaskStatisticsRepository } from './task-statistics.repository.js';

export interface ComputeInput {
  readonly taskId: string;
  readonly trigger: WsStatisticsTrigger;
  /** Replaces the stored set; undefined keeps it. */
  readonly activeLearnerSourceIds?: readonly string[] | undefined;
  /** A matrix already read (a run), with the time its reading started. */
  readonly matrix?: { readonly value: TaskData; readonly readAt: Date };
}

/** Computes, stores and announces heuristic statistics per task. */
@Injectable()
export class StatisticsService {
  constructor(
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(HeuristicsClient) private readonly heuristics: HeuristicsClient,
    @Inject(TaskMatrixReader) private readonly reader: TaskMatrixReader,
    @Inject(TaskStatisticsRepository) private readonly repository: TaskStatisticsRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async compute(scope: ProjectScope, input: ComputeInput): Promise<TaskHeuristicStatistics> {
    const startedAt = input.matrix?.readAt ?? new Date();
    const stored = await this.repository.ofTask(scope.projectId, input.taskId);
    const learners = [...(input.activeLearnerSourceIds ?? stored?.activeLearnerSourceIds ?? [])];
    const [data, training] = await Promise.all([
      input.matrix ? Promise.resolve(input.matrix.value) : this.records.task(scope, input.taskId).then((task) => this.reader.read(scope, task)),
      this.heuristics.learnerTraining(scope, input.taskId),
    ]);
    const t0 = performance.now();
    const doc: Omit<TaskStatisticsDoc, '_id' | 'projectId'> = {
      taskId: input.taskId,
      kind: data.task.kind,
      computedAt: new Date(),
      startedAt,
      trigger: input.trigger,
      records: data.recordIds.length,
      referenceRecords: referenceRecordCount(data),
      activeLearnerSourceIds: learners,
      heuristics: computeStatistics(data, learners, training),
    };
    if (await this.repository.store(scope.projectId, doc)) {
      this.events.publish(WeakSupervisionStatisticsEvents.updated, scope.projectId, {
        projectId: scope.projectId,
        taskId: input.taskId,
        computedAt: doc.computedAt.toISOString(),
        trigger: input.trigger,
      });
    }
    this.logger.debug({ projectId: scope.projectId, taskId: input.taskId, trigger: input.trigger, ms: Math.round(performance.now() - t0) }, 'statistics computed');
    return toView({ ...doc, _id: '', projectId: scope.projectId });
  }

  async get(scope: ProjectScope, taskId: string): Promise<TaskHeuristicStatistics> {
    const doc = await this.repository.ofTask(scope.projectId, taskId);
    if (!doc) throw notFound('statistics of task', taskId);
    return toView(doc);
  }

  async list(scope: ProjectScope): Promise<TaskHeuristicStatistics[]> {
    return (await this.repository.ofProject(scope.projectId)).map(toView);
  }
}

function toView(doc: TaskStatisticsDoc): TaskHeuristicStatistics {
  return {
    taskId: doc.taskId,
    kind: doc.kind,
    computedAt: doc.computedAt.toISOString(),
    trigger: doc.trigger,
    records: doc.records,
    referenceRecords: doc.referenceRecords,
    activeLearnerSourceIds: doc.activeLearnerSourceIds,
    heuristics: doc.heuristics,
  };
}
