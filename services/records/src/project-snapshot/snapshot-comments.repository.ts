import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { CommentDoc } from '../comments/comment.schema.js';
import type { ProjectId } from '../shared/project-scope.js';

/**
 * Comments as a snapshot needs them, on the `comments` collection the comments feature owns:
 * every author's (CommentRepository only reads what one user may see) and inserted in bulk.
 */
@Injectable()
export class SnapshotCommentsRepository {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  allOf(projectId: ProjectId): Promise<CommentDoc[]> {
    return this.collection().find({ projectId }).sort({ createdAt: 1, _id: 1 }).toArray();
  }

  async insertMany(projectId: ProjectId, docs: readonly Omit<CommentDoc, 'projectId'>[]): Promise<void> {
    if (docs.length) await this.collection().insertMany(docs.map((d) => ({ ...d, projectId })));
  }

  private collection() {
    return this.mongo.connection.collection<CommentDoc>('comments');
  }
}
