import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId, IsoDate } from './common.js';

export const CommentTarget = z.enum(['RECORD', 'TASK', 'HEURISTIC', 'SLICE']);
export type CommentTarget = z.infer<typeof CommentTarget>;
export const CommentVisibility = z.enum(['PRIVATE', 'SHARED']);
export type CommentVisibility = z.infer<typeof CommentVisibility>;

const Markdown = z.string().trim().min(1).max(20_000);

export const Comment = z.object({
  id: EntityId,
  targetType: CommentTarget,
  targetId: EntityId,
  authorId: z.string(),
  /** Markdown. */
  text: z.string(),
  visibility: CommentVisibility,
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Comment = z.infer<typeof Comment>;

/** Private comments are seen by their author only; only the author edits or deletes. */
export const CommentSubjects = {
  create: defineRequest(
    'records.comments.create.v1',
    z.object({
      targetType: CommentTarget,
      targetId: EntityId,
      text: Markdown,
      visibility: CommentVisibility.default('SHARED'),
    }),
    Comment,
  ),
  update: defineRequest(
    'records.comments.update.v1',
    z.object({ commentId: EntityId, text: Markdown.optional(), visibility: CommentVisibility.optional() }),
    Comment,
  ),
  delete: defineRequest('records.comments.delete.v1', z.object({ commentId: EntityId }), z.object({ deleted: z.literal(true) })),
  /** Shared comments and the actor's own private ones, oldest first. */
  list: defineRequest(
    'records.comments.list.v1',
    z.object({ targetType: CommentTarget.optional(), targetId: EntityId.optional() }),
    z.object({ comments: z.array(Comment) }),
  ),
} as const;
