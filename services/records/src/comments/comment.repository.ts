import { Inject, Injectable } from '@nestjs/common';
import type { CommentTarget } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { CommentSchema, type CommentDoc } from './comment.schema.js';

@Injectable()
export class CommentRepository extends TenantRepository<CommentDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<CommentDoc>('Comment', CommentSchema));
  }

  async insert(projectId: ProjectId, doc: Omit<CommentDoc, 'projectId'>): Promise<CommentDoc> {
    const full = { ...doc, projectId };
    await this.model.create(full);
    return full;
  }

  /** Shared comments plus the reader's own private ones. */
  visibleTo(projectId: ProjectId, userId: string, target: { targetType?: CommentTarget | undefined; targetId?: string | undefined }): Promise<CommentDoc[]> {
    const filter: Record<string, unknown> = { $or: [{ visibility: 'SHARED' }, { authorId: userId }] };
    if (target.targetType) filter['targetType'] = target.targetType;
    if (target.targetId) filter['targetId'] = target.targetId;
    return this.findScoped(projectId, filter, { createdAt: 1, _id: 1 });
  }

  async update(projectId: ProjectId, id: string, set: Partial<Pick<CommentDoc, 'text' | 'visibility' | 'updatedAt'>>): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: set });
  }

  delete(projectId: ProjectId, id: string): Promise<number> {
    return this.deleteScoped(projectId, { _id: id });
  }

  deleteForTargets(projectId: ProjectId, targetType: CommentTarget, targetIds: readonly string[]): Promise<number> {
    return this.deleteScoped(projectId, { targetType, targetId: { $in: targetIds } });
  }
}
