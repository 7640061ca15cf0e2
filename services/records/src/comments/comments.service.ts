import { Inject, Injectable } from '@nestjs/common';
import type { Comment, CommentTarget, CommentVisibility } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { RecordReader } from '../records/record-reader.service.js';
import { invalid, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { CommentRepository } from './comment.repository.js';
import type { CommentDoc } from './comment.schema.js';

export interface CommentInput {
  targetType: CommentTarget;
  targetId: string;
  text: string;
  visibility: CommentVisibility;
}

@Injectable()
export class CommentsService {
  constructor(
    @Inject(CommentRepository) private readonly comments: CommentRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
  ) {}

  async create(scope: ProjectScope, input: CommentInput): Promise<Comment> {
    await this.checkTarget(scope, input.targetType, input.targetId);
    const now = new Date();
    const doc = await this.comments.insert(scope.projectId, {
      _id: newId(),
      ...input,
      authorId: scope.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    return toComment(doc);
  }

  async list(scope: ProjectScope, target: { targetType?: CommentTarget | undefined; targetId?: string | undefined }): Promise<Comment[]> {
    return (await this.comments.visibleTo(scope.projectId, scope.actor.userId, target)).map(toComment);
  }

  async update(
    scope: ProjectScope,
    input: { commentId: string; text?: string | undefined; visibility?: CommentVisibility | undefined },
  ): Promise<Comment> {
    const doc = await this.requireOwn(scope, input.commentId);
    const set: Partial<Pick<CommentDoc, 'text' | 'visibility' | 'updatedAt'>> = { updatedAt: new Date() };
    if (input.text !== undefined) set.text = input.text;
    if (input.visibility !== undefined) set.visibility = input.visibility;
    await this.comments.update(scope.projectId, doc._id, set);
    return toComment({ ...doc, ...set });
  }

  async delete(scope: ProjectScope, commentId: string): Promise<void> {
    const doc = await this.requireOwn(scope, commentId);
    await this.comments.delete(scope.projectId, doc._id);
  }

  /** Others' private comments do not exist for the actor; shared ones are read-only to them. */
  private async requireOwn(scope: ProjectScope, commentId: string): Promise<CommentDoc> {
    const doc = await this.comments.findById(scope.projectId, commentId);
    if (!doc || (doc.visibility === 'PRIVATE' && doc.authorId !== scope.actor.userId)) throw notFound('comment', commentId);
    if (doc.authorId !== scope.actor.userId) throw new AppError('FORBIDDEN', 'only the author edits or deletes a comment');
    return doc;
  }

  /** Records and tasks live here and are checked; heuristics and slices belong to other owners. */
  private async checkTarget(scope: ProjectScope, targetType: CommentTarget, targetId: string): Promise<void> {
    if (targetType === 'RECORD' && !(await this.records.existingIds(scope.projectId, [targetId])).has(targetId)) {
      throw invalid('targetId', `record ${targetId} does not exist`);
    }
    if (targetType === 'TASK' && !(await this.tasks.findById(scope.projectId, targetId))) {
      throw invalid('targetId', `labeling task ${targetId} does not exist`);
    }
  }
}

function toComment(doc: CommentDoc): Comment {
  return {
    id: doc._id,
    targetType: doc.targetType,
    targetId: doc.targetId,
    authorId: doc.authorId,
    text: doc.text,
    visibility: doc.visibility,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
