import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import { CatalogChanges } from '../shared/catalog-changes.js';
import { IndexGate } from '../shared/index-gate.js';
import type { ProjectId } from '../shared/project-scope.js';
import { TaskSchema, type TaskDoc } from './task.schema.js';

@Injectable()
export class TaskRepository extends TenantRepository<TaskDoc> {
  private readonly indexes: IndexGate;

  constructor(
    @Inject(MONGO) mongo: MongoConnectionManager,
    @Inject(CatalogChanges) private readonly changes: CatalogChanges,
  ) {
    super(mongo.connection.model<TaskDoc>('LabelingTask', TaskSchema));
    this.indexes = new IndexGate(this.model);
  }

  list(projectId: ProjectId): Promise<TaskDoc[]> {
    return this.findScoped(projectId, {}, { createdAt: 1, _id: 1 });
  }

  findByName(projectId: ProjectId, name: string): Promise<TaskDoc | null> {
    return this.findOneScoped(projectId, { nameKey: name.toLowerCase() });
  }

  async insert(projectId: ProjectId, doc: Omit<TaskDoc, 'projectId' | 'nameKey'>): Promise<TaskDoc> {
    await this.indexes.ready();
    const full = { ...doc, projectId, nameKey: doc.name.toLowerCase() };
    try {
      await this.model.create(full);
    } catch (error) {
      throw conflictOr(error, doc.name);
    } finally {
      this.changes.touch(projectId);
    }
    return full;
  }

  async rename(projectId: ProjectId, id: string, name: string): Promise<void> {
    await this.indexes.ready();
    try {
      await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: { name, nameKey: name.toLowerCase() } });
    } catch (error) {
      throw conflictOr(error, name);
    } finally {
      this.changes.touch(projectId);
    }
  }

  async delete(projectId: ProjectId, id: string): Promise<number> {
    const n = await this.deleteScoped(projectId, { _id: id });
    this.changes.touch(projectId);
    return n;
  }
}

function conflictOr(error: unknown, name: string): unknown {
  return isDuplicateKey(error) ? new AppError('CONFLICT', `a labeling task named "${name}" already exists in this project`) : error;
}
