import { Schema } from 'mongoose';

export interface AuditEntryDoc {
  /** Time-ordered (`<ms, base36, padded>-<random>`): sorting by `_id` is sorting by time. */
  _id: string;
  at: Date;
  actorUserId: string;
  via: 'session' | 'token' | 'system';
  action: string;
  /** Organizations whose audit log shows the entry (a login shows in each of the user's). */
  orgIds: string[];
  projectId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

export const AuditEntrySchema = new Schema<AuditEntryDoc>(
  {
    _id: String,
    at: { type: Date, required: true },
    actorUserId: { type: String, required: true },
    via: { type: String, required: true },
    action: { type: String, required: true },
    orgIds: { type: [String], default: [] },
    projectId: { type: String, default: null },
    targetType: { type: String, default: null },
    targetId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
    requestId: { type: String, default: null },
  },
  { collection: 'audit_log', versionKey: false, minimize: false },
);
AuditEntrySchema.index({ projectId: 1, _id: -1 });
AuditEntrySchema.index({ orgIds: 1, _id: -1 });
