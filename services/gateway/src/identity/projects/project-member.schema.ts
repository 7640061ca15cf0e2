import { Schema } from 'mongoose';
import type { ProjectRole } from '@refinery/contracts';

/**
 * A user's role in one project: the single source of the `actor.role` the gateway puts into
 * every envelope for that project (services trust it and check it against the policy table).
 */
export interface ProjectMemberDoc {
  /** `<projectId>|<userId>`. */
  _id: string;
  projectId: string;
  /** The project's organization, checked against records when the role was granted. */
  orgId: string;
  userId: string;
  role: ProjectRole;
  grantedBy: string;
  updatedAt: Date;
}

export const ProjectMemberSchema = new Schema<ProjectMemberDoc>(
  {
    _id: String,
    projectId: { type: String, required: true, index: true },
    orgId: { type: String, required: true, index: true },
    userId: { type: String, required: true, index: true },
    role: { type: String, required: true },
    grantedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'project_members', versionKey: false },
);

export function projectMemberId(projectId: string, userId: string): string {
  return `${projectId}|${userId}`;
}
