import { Schema } from 'mongoose';

export interface ApiTokenDoc {
  /** The token's prefix (see token-format). */
  _id: string;
  userId: string;
  name: string;
  scope: 'read' | 'write';
  projectId: string | null;
  /** SHA-256 hex of the whole token; the token itself is shown once and never stored. */
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const ApiTokenSchema = new Schema<ApiTokenDoc>(
  {
    _id: String,
    userId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    scope: { type: String, required: true },
    projectId: { type: String, default: null },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'api_tokens', versionKey: false },
);
