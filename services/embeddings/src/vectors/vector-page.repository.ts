import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { VectorPageSchema, type VectorPageDoc } from './vector-page.schema.js';

@Injectable()
export class VectorPageRepository extends TenantRepository<VectorPageDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<VectorPageDoc>('VectorPage', VectorPageSchema));
  }

  /** Insert-once: a retried batch whose page is already stored changes nothing (returns false). */
  async insertOnce(projectId: ProjectId, doc: Omit<VectorPageDoc, 'projectId'>): Promise<boolean> {
    try {
      await this.model.create({ ...doc, projectId });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** The pages of one generation in application order. */
  async ofGeneration(projectId: ProjectId, embeddingId: string, generation: number): Promise<VectorPageDoc[]> {
    const docs = await this.model.find(this.scoped(projectId, { embeddingId, generation })).lean<VectorPageDoc[]>();
    return docs.sort((a, b) => a.seq - b.seq || a._id.localeCompare(b._id));
  }

  /** Garbage collection of superseded generations (or all, on delete). */
  async removeExcept(projectId: ProjectId, embeddingId: string, keep: number | null): Promise<number> {
    const filter = keep === null ? { embeddingId } : { embeddingId, generation: { $ne: keep } };
    return (await this.model.deleteMany(this.scoped(projectId, filter))).deletedCount;
  }
}
