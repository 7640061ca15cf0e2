import { Schema } from 'mongoose';
import { taskKinds, type TaskKind } from '@refinery/contracts';

export interface TaskDoc {
  _id: string;
  projectId: string;
  name: string;
  /** Lower-cased name: unique per project. */
  nameKey: string;
  kind: TaskKind;
  attributeId: string | null;
  createdAt: Date;
}

export const TaskSchema = new Schema<TaskDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    kind: { type: String, enum: taskKinds, required: true },
    attributeId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'labeling_tasks', versionKey: false },
);
TaskSchema.index({ projectId: 1, nameKey: 1 }, { unique: true });
