import { Schema } from 'mongoose';

/** An admin's one-time password reset link for a user; keyed by the SHA-256 of its secret. */
export interface PasswordResetDoc {
  _id: string;
  userId: string;
  /** The e-mail of the user's credential when the link was issued (the lockout key). */
  email: string;
  /** The organization whose admin issued it. */
  orgId: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export const PasswordResetSchema = new Schema<PasswordResetDoc>(
  {
    _id: String,
    userId: { type: String, required: true, index: true },
    email: { type: String, required: true },
    orgId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'password_resets', versionKey: false },
);
