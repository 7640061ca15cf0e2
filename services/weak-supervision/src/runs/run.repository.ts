import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { RunSchema, type RunDoc } from './run.schema.js';

@Injectable()
export class RunRepository extends TenantRepository<RunDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<RunDoc>('Run', RunSchema));
  }

  async insert(projectId: ProjectId, doc: Omit<RunDoc, 'projectId'>): Promise<RunDoc> {
    const full = { ...doc, projectId };
    await this.model.create(full);
    return full;
  }

  /** Newest first; a project holds few runs, so the filtered read stays cheap. */
  async list(projectId: ProjectId, taskId: string | undefined, limit: number): Promise<RunDoc[]> {
    return this.model
      .find(this.scoped(projectId, taskId ? { taskId } : {}))
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<RunDoc[]>();
  }

  /** Updates by `_id` (the project scope is part of the filter). */
  async update(projectId: ProjectId, id: string, set: Partial<Omit<RunDoc, '_id' | 'projectId'>>): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
  }
}
