import { Inject, Injectable } from '@nestjs/common';
import type { UploadProblem, UploadResult, UploadState } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { UploadSchema, type UploadDoc } from './upload.schema.js';

@Injectable()
export class UploadRepository extends TenantRepository<UploadDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<UploadDoc>('Upload', UploadSchema));
  }

  async insert(projectId: ProjectId, doc: Omit<UploadDoc, 'projectId'>): Promise<UploadDoc> {
    const full = { ...doc, projectId };
    await this.model.create(full);
    return full;
  }

  /** Counts a received chunk, only if it is the next one and the upload still receives. */
  async acceptChunk(projectId: ProjectId, id: string, seq: number, bytes: number): Promise<boolean> {
    const res = await this.model.updateOne(
      this.scoped(projectId, { _id: id, state: 'RECEIVING', chunks: seq }),
      { $inc: { chunks: 1, receivedBytes: bytes }, $set: { updatedAt: new Date() } },
    );
    return res.matchedCount === 1;
  }

  /** Moves between states atomically: false when the upload was not in `from`. */
  async transition(projectId: ProjectId, id: string, from: readonly UploadState[], to: UploadState): Promise<boolean> {
    const res = await this.model.updateOne(
      this.scoped(projectId, { _id: id, state: { $in: from } }),
      { $set: { state: to, updatedAt: new Date() } },
    );
    return res.matchedCount === 1;
  }

  async complete(projectId: ProjectId, id: string, result: UploadResult): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), {
      $set: { state: 'COMPLETED', result, problems: [], updatedAt: new Date() },
    });
  }

  async fail(projectId: ProjectId, id: string, problems: readonly UploadProblem[]): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), {
      $set: { state: 'FAILED', problems, updatedAt: new Date() },
    });
  }
}
