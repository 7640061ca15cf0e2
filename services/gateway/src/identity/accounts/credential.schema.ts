import { Schema } from 'mongoose';

/** A local account's password: keyed by the e-mail, so an e-mail belongs to one account. */
export interface CredentialDoc {
  _id: string;
  userId: string;
  /** `scrypt$N$r$p$salt$key` (see PasswordHasher). */
  passwordHash: string;
  updatedAt: Date;
}

export const CredentialSchema = new Schema<CredentialDoc>(
  {
    _id: String,
    userId: { type: String, required: true, index: true },
    passwordHash: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'credentials', versionKey: false },
);
