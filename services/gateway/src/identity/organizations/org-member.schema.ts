import { Schema } from 'mongoose';
import type { OrgRole } from '@refinery/contracts';

/**
 * A user in an organization. `admin`s manage the organization's members and are owners of every
 * project in it; `member`s see the projects they have a project role in.
 */
export interface OrgMemberDoc {
  /** `<orgId>|<userId>`: one membership per pair, guaranteed by `_id`. */
  _id: string;
  orgId: string;
  userId: string;
  role: OrgRole;
  createdAt: Date;
}

export const OrgMemberSchema = new Schema<OrgMemberDoc>(
  {
    _id: String,
    orgId: { type: String, required: true, index: true },
    userId: { type: String, required: true, index: true },
    role: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'org_members', versionKey: false },
);

export function orgMemberId(orgId: string, userId: string): string {
  return `${orgId}|${userId}`;
}
