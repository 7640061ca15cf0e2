import { Controller, Inject } from '@nestjs/common';
import { AssociationEvents, TaskEvents, type Envelope, type LabelsChangedEvent, type TaskChangedEvent } from '@refinery/contracts';
import { NatsEventHandler } from '@refinery/server-nats';
import { trustedProjectId } from '../shared/project-scope.js';
import { StatisticsScheduler } from './statistics-scheduler.js';
import { TaskStatisticsRepository } from './task-statistics.repository.js';

/** What records announces about labels and tasks moves or removes the statistics. */
@Controller()
export class LabelChangesNatsController {
  constructor(
    @Inject(StatisticsScheduler) private readonly scheduler: StatisticsScheduler,
    @Inject(TaskStatisticsRepository) private readonly statistics: TaskStatisticsRepository,
  ) {}

  @NatsEventHandler(AssociationEvents.changed)
  onLabelsChanged(env: Envelope<LabelsChangedEvent>): void {
    const { projectId, taskId, source } = env.payload;
    // Our own weak-supervision labels do not change any heuristic statistic.
    if (source === 'WEAK_SUPERVISION') return;
    this.scheduler.schedule(projectId, taskId, source === 'HEURISTIC' ? 'heuristics-changed' : 'labels-changed');
  }

  /** A deleted task takes its statistics along; a deleted label changes them. */
  @NatsEventHandler(TaskEvents.changed)
  async onTaskChanged(env: Envelope<TaskChangedEvent>): Promise<void> {
    const { projectId, taskId, change } = env.payload;
    if (change === 'deleted') await this.statistics.removeTask(trustedProjectId(projectId), taskId);
    else if (change === 'labels-changed') this.scheduler.schedule(projectId, taskId, 'labels-changed');
  }
}
