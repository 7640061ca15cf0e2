import { Schema } from 'mongoose';

/** A browser session; the cookie holds the random id, the database only its SHA-256. */
export interface SessionDoc {
  _id: string;
  userId: string;
  /** SHA-256 of the CSRF token the browser echoes in `X-CSRF-Token`. */
  csrfHash: string;
  /** How it began; `invitation`: the account was just created through an invitation. */
  method: 'password' | 'oidc' | 'setup' | 'invitation';
  createdAt: Date;
  expiresAt: Date;
}

export const SessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    userId: { type: String, required: true, index: true },
    csrfHash: { type: String, required: true },
    method: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
