import { Schema } from 'mongoose';

export interface ProjectDoc {
  _id: string;
  orgId: string;
  name: string;
  /** Lower-cased name: names are unique per organization regardless of case. */
  nameKey: string;
  description: string;
  createdBy: string;
  createdAt: Date;
}

export const ProjectSchema = new Schema<ProjectDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: '' },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'projects', versionKey: false },
);
ProjectSchema.index({ orgId: 1, nameKey: 1 }, { unique: true });
