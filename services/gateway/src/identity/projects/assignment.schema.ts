import { Schema } from 'mongoose';
import type { AssignmentKind } from '@refinery/contracts';

/**
 * A labeling session or static slice given to a user (refinery's access links). Annotators label
 * only what is assigned to them and not locked.
 */
export interface AssignmentDoc {
  /** `<projectId>|<userId>|<kind>|<targetId>`: assigning twice is one assignment. */
  _id: string;
  projectId: string;
  userId: string;
  kind: AssignmentKind;
  targetId: string;
  locked: boolean;
  createdBy: string;
  createdAt: Date;
}

export const AssignmentSchema = new Schema<AssignmentDoc>(
  {
    _id: String,
    projectId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    targetId: { type: String, required: true },
    locked: { type: Boolean, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'assignments', versionKey: false },
);

export function assignmentId(projectId: string, userId: string, kind: AssignmentKind, targetId: string): string {
  return `${projectId}|${userId}|${kind}|${targetId}`;
}
