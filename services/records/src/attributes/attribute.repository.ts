import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import { CatalogChanges } from '../shared/catalog-changes.js';
import { IndexGate } from '../shared/index-gate.js';
import type { ProjectId } from '../shared/project-scope.js';
import { AttributeSchema, type AttributeDoc } from './attribute.schema.js';

@Injectable()
export class AttributeRepository extends TenantRepository<AttributeDoc> {
  private readonly indexes: IndexGate;
  /** The schema is read by every write and query: cached like the task catalog (CatalogChanges). */
  private readonly cache = new Map<string, { docs: Promise<AttributeDoc[]>; version: number; at: number }>();

  constructor(
    @Inject(MONGO) mongo: MongoConnectionManager,
    @Inject(CatalogChanges) private readonly changes: CatalogChanges,
  ) {
    super(mongo.connection.model<AttributeDoc>('Attribute', AttributeSchema));
    this.indexes = new IndexGate(this.model);
  }

  async list(projectId: ProjectId): Promise<AttributeDoc[]> {
    await this.changes.ready();
    const version = this.changes.version(projectId);
    const hit = this.cache.get(projectId);
    if (hit && hit.version === version && Date.now() - hit.at < 1_000) return (await hit.docs).map((d) => ({ ...d }));
    const docs = this.findScoped(projectId, {}, { position: 1, _id: 1 });
    docs.catch(() => this.cache.delete(projectId));
    this.cache.set(projectId, { docs, version, at: Date.now() });
    if (this.cache.size > 256) this.cache.delete(this.cache.keys().next().value ?? '');
    return (await docs).map((d) => ({ ...d }));
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
    } finally {
      this.changes.touch(projectId);
    }
  }

  async deleteOne(projectId: ProjectId, id: string): Promise<number> {
    const n = await this.deleteScoped(projectId, { _id: id });
    this.changes.touch(projectId);
    return n;
  }

  async setFields(projectId: ProjectId, id: string, set: Partial<Pick<AttributeDoc, 'visible' | 'position'>>): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
    this.changes.touch(projectId);
  }

  async setPositions(projectId: ProjectId, order: readonly string[]): Promise<void> {
    if (!order.length) return;
    // FerretDB 1.24 hangs on an update command with more statements than its pool: chunk.
    for (let i = 0; i < order.length; i += 40) {
      await this.model.bulkWrite(
        order.slice(i, i + 40).map((id, j) => ({
          updateOne: { filter: this.scoped(projectId, { _id: id }), update: { $set: { position: i + j } } },
        })),
      );
    }
    this.changes.touch(projectId);
  }
}
