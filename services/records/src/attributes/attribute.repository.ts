import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { IndexGate } from '../shared/index-gate.js';
import { isDuplicateKey } from '../shared/mongo-errors.js';
import type { ProjectId } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { AttributeSchema, type AttributeDoc } from './attribute.schema.js';

@Injectable()
export class AttributeRepository extends TenantRepository<AttributeDoc> {
  private readonly indexes: IndexGate;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<AttributeDoc>('Attribute', AttributeSchema));
    this.indexes = new IndexGate(this.model);
  }

  list(projectId: ProjectId): Promise<AttributeDoc[]> {
    return this.findScoped(projectId, {}, { position: 1, _id: 1 });
  }

  async insertMany(projectId: ProjectId, docs: Omit<AttributeDoc, 'projectId'>[]): Promise<void> {
    await this.indexes.ready();
    try {
      await this.model.insertMany(docs.map((d) => ({ ...d, projectId })));
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AppError('CONFLICT', `an attribute named ${docs.map((d) => `"${d.name}"`).join(' or ')} already exists`);
      }
      throw error;
    }
  }

  deleteOne(projectId: ProjectId, id: string): Promise<number> {
    return this.deleteScoped(projectId, { _id: id });
  }

  async setFields(projectId: ProjectId, id: string, set: Partial<Pick<AttributeDoc, 'visible' | 'position'>>): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
  }

  async setPositions(projectId: ProjectId, order: readonly string[]): Promise<void> {
    if (!order.length) return;
    await this.model.bulkWrite(
      order.map((id, position) => ({
        updateOne: { filter: this.scoped(projectId, { _id: id }), update: { $set: { position } } },
      })),
    );
  }
}
