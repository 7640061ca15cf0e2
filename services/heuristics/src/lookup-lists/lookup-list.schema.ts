import { Schema } from 'mongoose';

export interface TermDoc {
  value: string;
  blacklisted: boolean;
  origin: 'manual' | 'span';
}

/** A lookup list's definition; its terms live in the project's terms collection (LookupTermRepository). */
export interface LookupListDoc {
  _id: string;
  orgId: string;
  projectId: string;
  name: string;
  nameKey: string;
  description: string;
  pythonVariable: string;
  taskId: string | null;
  labelId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const LookupListSchema = new Schema<LookupListDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: '' },
    pythonVariable: { type: String, required: true },
    taskId: { type: String, default: null },
    labelId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'lookup_lists', versionKey: false },
);
LookupListSchema.index({ projectId: 1, pythonVariable: 1 }, { unique: true });
LookupListSchema.index({ projectId: 1, nameKey: 1 }, { unique: true });

/** Lists created for an extraction label have a stable id, so concurrent events create one list. */
export function labelListId(labelId: string): string {
  return `label-${labelId}`;
}
