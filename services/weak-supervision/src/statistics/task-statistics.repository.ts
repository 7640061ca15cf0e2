import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { TaskStatisticsSchema, type TaskStatisticsDoc } from './task-statistics.schema.js';

export function statisticsId(projectId: ProjectId, taskId: string): string {
  return `${projectId}:${taskId}`;
}

@Injectable()
export class TaskStatisticsRepository extends TenantRepository<TaskStatisticsDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<TaskStatisticsDoc>('TaskStatistics', TaskStatisticsSchema));
  }

  ofTask(projectId: ProjectId, taskId: string): Promise<TaskStatisticsDoc | null> {
    return this.findById(projectId, statisticsId(projectId, taskId));
  }

  async ofProject(projectId: ProjectId): Promise<TaskStatisticsDoc[]> {
    return this.model.find(this.scoped(projectId)).sort({ _id: 1 }).lean<TaskStatisticsDoc[]>();
  }

  /** Drops the statistics of a deleted task (a delete by `_id`). */
  async removeTask(projectId: ProjectId, taskId: string): Promise<void> {
    await this.model.deleteOne({ _id: statisticsId(projectId, taskId), projectId });
  }

  /**
   * Stores the statistics unless newer ones (started later) are already stored; a lookup and a
   * replace by `_id` (no transactions: two computations finishing at the same instant may race,
   * and the next change recomputes anyway).
   */
  async store(projectId: ProjectId, doc: Omit<TaskStatisticsDoc, '_id' | 'projectId'>): Promise<boolean> {
    const _id = statisticsId(projectId, doc.taskId);
    const current = await this.findById(projectId, _id);
    if (current && current.startedAt > doc.startedAt) return false;
    await this.model.replaceOne({ _id, projectId }, { ...doc, _id, projectId }, { upsert: true });
    return true;
  }
}
