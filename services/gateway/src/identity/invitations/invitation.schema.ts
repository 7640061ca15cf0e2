import { Schema } from 'mongoose';
import type { OrgRole } from '@refinery/contracts';

/**
 * An invitation of an e-mail address into an organization. The link's secret is stored only as
 * SHA-256 (`tokenHash`); whether it was accepted or revoked is its LinkClaim (`invitation|<_id>`).
 */
export interface InvitationDoc {
  _id: string;
  orgId: string;
  /** Lower-cased. */
  email: string;
  role: OrgRole;
  tokenHash: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export const InvitationSchema = new Schema<InvitationDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    role: { type: String, required: true },
    tokenHash: { type: String, required: true, index: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'invitations', versionKey: false },
);
InvitationSchema.index({ orgId: 1, createdAt: -1 });
