import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import { IndexGate } from '../shared/index-gate.js';
import type { ProjectId } from '../shared/project-scope.js';
import { SliceSchema, type SliceDoc } from './slice.schema.js';

@Injectable()
export class SliceRepository extends TenantRepository<SliceDoc> {
  private readonly indexes: IndexGate;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<SliceDoc>('DataSlice', SliceSchema));
    this.indexes = new IndexGate(this.model);
  }

  list(projectId: ProjectId): Promise<SliceDoc[]> {
    return this.findScoped(projectId, {}, { createdAt: 1, _id: 1 });
  }

  async insert(projectId: ProjectId, doc: Omit<SliceDoc, 'projectId'>): Promise<SliceDoc> {
    await this.indexes.ready();
    const full = { ...doc, projectId };
    try {
      await this.model.create(full);
    } catch (error) {
      throw conflictOr(error, doc.name);
    }
    return full;
  }

  async update(projectId: ProjectId, id: string, set: Partial<Pick<SliceDoc, 'name' | 'nameKey' | 'query' | 'recordIds' | 'updatedAt'>>): Promise<void> {
    await this.indexes.ready();
    try {
      await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
    } catch (error) {
      throw conflictOr(error, set.name ?? '');
    }
  }

  delete(projectId: ProjectId, id: string): Promise<number> {
    return this.deleteScoped(projectId, { _id: id });
  }
}

function conflictOr(error: unknown, name: string): unknown {
  return isDuplicateKey(error) ? new AppError('CONFLICT', `a data slice named "${name}" already exists in this project`) : error;
}
