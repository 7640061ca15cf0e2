import { Schema } from 'mongoose';

export interface SessionDoc {
  _id: string;
  projectId: string;
  userId: string;
  /** At most 1,000 ids, in labeling order (a flat array of strings). */
  recordIds: string[];
  position: number;
  createdAt: Date;
}

export const SessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    userId: { type: String, required: true },
    recordIds: { type: [String], default: [] },
    position: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'labeling_sessions', versionKey: false },
);
SessionSchema.index({ projectId: 1, userId: 1 });
