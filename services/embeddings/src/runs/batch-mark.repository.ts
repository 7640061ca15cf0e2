import { Inject, Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';

/** "Batch b of run generation g is stored": inserted once, counted to know when a run is complete. */
export interface BatchMarkDoc {
  _id: string;
  projectId: string;
  embeddingId: string;
  generation: number;
  batch: number;
  records: number;
  /** the worker process that did it (the kill-a-worker test reads it) */
  instanceId: string;
}

const BatchMarkSchema = new Schema<BatchMarkDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    embeddingId: { type: String, required: true },
    generation: { type: Number, required: true },
    batch: { type: Number, required: true },
    records: { type: Number, required: true },
    instanceId: { type: String, required: true },
  },
  { collection: 'batch_marks', versionKey: false },
);
BatchMarkSchema.index({ projectId: 1, embeddingId: 1, generation: 1 });

@Injectable()
export class BatchMarkRepository extends TenantRepository<BatchMarkDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<BatchMarkDoc>('BatchMark', BatchMarkSchema));
  }

  async mark(projectId: ProjectId, doc: Omit<BatchMarkDoc, 'projectId' | '_id'>): Promise<void> {
    try {
      await this.model.create({ ...doc, projectId, _id: `${doc.embeddingId}:${doc.generation}:${doc.batch}` });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async ofRun(projectId: ProjectId, embeddingId: string, generation: number): Promise<BatchMarkDoc[]> {
    return this.model.find(this.scoped(projectId, { embeddingId, generation })).lean<BatchMarkDoc[]>();
  }

  async removeOf(projectId: ProjectId, embeddingId: string): Promise<number> {
    return (await this.model.deleteMany(this.scoped(projectId, { embeddingId }))).deletedCount;
  }
}
