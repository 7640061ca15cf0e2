import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { EmbeddingSchema, type EmbeddingDoc } from './embedding.schema.js';

@Injectable()
export class EmbeddingRepository extends TenantRepository<EmbeddingDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<EmbeddingDoc>('Embedding', EmbeddingSchema));
  }

  async insert(projectId: ProjectId, doc: Omit<EmbeddingDoc, 'projectId'>): Promise<EmbeddingDoc> {
    const full = { ...doc, projectId };
    await this.model.create(full);
    return full;
  }

  /** A project holds few embeddings, so the filtered read stays cheap. */
  async list(projectId: ProjectId): Promise<EmbeddingDoc[]> {
    return this.model.find(this.scoped(projectId)).sort({ createdAt: 1, _id: 1 }).lean<EmbeddingDoc[]>();
  }

  async byName(projectId: ProjectId, name: string): Promise<EmbeddingDoc | null> {
    return this.model.findOne(this.scoped(projectId, { name })).lean<EmbeddingDoc>();
  }

  async update(projectId: ProjectId, id: string, set: Partial<Omit<EmbeddingDoc, '_id' | 'projectId'>>): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
  }

  /** Compare-and-set on the run generation: a stale job of an older run changes nothing. */
  async updateIfRun(projectId: ProjectId, id: string, runGeneration: number, set: Partial<Omit<EmbeddingDoc, '_id' | 'projectId'>>): Promise<boolean> {
    const r = await this.model.updateOne(this.scoped(projectId, { _id: id, runGeneration }), { $set: set });
    return r.matchedCount > 0;
  }

  async remove(projectId: ProjectId, id: string): Promise<boolean> {
    return (await this.model.deleteOne(this.scoped(projectId, { _id: id }))).deletedCount > 0;
  }
}
