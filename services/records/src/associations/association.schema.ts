import { Schema } from 'mongoose';
import { associationSources, type AssociationSource } from '@refinery/contracts';

/** One label on one record (or span of it) from one source: the source of truth for labels. */
export interface AssociationDoc {
  _id: string;
  projectId: string;
  recordId: string;
  taskId: string;
  labelId: string;
  source: AssociationSource;
  userId: string | null;
  sourceId: string | null;
  confidence: number | null;
  start: number | null;
  end: number | null;
  text: string | null;
  /** See generation-rules.ts: which generation of its scope wrote it. */
  generation: number;
  createdAt: Date;
}

export const AssociationSchema = new Schema<AssociationDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    recordId: { type: String, required: true },
    taskId: { type: String, required: true },
    labelId: { type: String, required: true },
    source: { type: String, enum: associationSources, required: true },
    userId: { type: String, default: null },
    sourceId: { type: String, default: null },
    confidence: { type: Number, default: null },
    start: { type: Number, default: null },
    end: { type: Number, default: null },
    text: { type: String, default: null },
    generation: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'label_associations', versionKey: false },
);
AssociationSchema.index({ projectId: 1, recordId: 1, taskId: 1 });
AssociationSchema.index({ projectId: 1, source: 1, sourceId: 1, generation: 1 });
AssociationSchema.index({ projectId: 1, labelId: 1 });
AssociationSchema.index({ projectId: 1, taskId: 1 });
