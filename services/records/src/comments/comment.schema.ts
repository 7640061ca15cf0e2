import { Schema } from 'mongoose';
import type { CommentTarget, CommentVisibility } from '@refinery/contracts';

export interface CommentDoc {
  _id: string;
  projectId: string;
  targetType: CommentTarget;
  targetId: string;
  authorId: string;
  text: string;
  visibility: CommentVisibility;
  createdAt: Date;
  updatedAt: Date;
}

export const CommentSchema = new Schema<CommentDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    authorId: { type: String, required: true },
    text: { type: String, required: true },
    visibility: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'comments', versionKey: false },
);
CommentSchema.index({ projectId: 1, targetType: 1, targetId: 1, createdAt: 1 });
