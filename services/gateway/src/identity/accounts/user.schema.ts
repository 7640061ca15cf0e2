import { Schema } from 'mongoose';

export interface UserDoc {
  _id: string;
  /** Lower-cased; null for OIDC users whose provider gives none. */
  email: string | null;
  displayName: string;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export const UserSchema = new Schema<UserDoc>(
  {
    _id: String,
    email: { type: String, default: null, index: true },
    displayName: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, default: null },
  },
  { collection: 'users', versionKey: false },
);
