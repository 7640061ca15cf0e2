import { Schema } from 'mongoose';

/** A one-time setup link's token, stored as SHA-256. */
export interface SetupTokenDoc {
  _id: string;
  createdAt: Date;
  expiresAt: Date;
}

export const SetupTokenSchema = new Schema<SetupTokenDoc>(
  {
    _id: String,
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'setup_tokens', versionKey: false },
);

/**
 * A used setup token: inserted with the token's hash as `_id`, so of two concurrent uses exactly
 * one insert succeeds (FerretDB does not isolate conditional updates; duplicate `_id`s always fail).
 */
export interface SetupTokenUseDoc {
  _id: string;
  usedAt: Date;
}

export const SetupTokenUseSchema = new Schema<SetupTokenUseDoc>(
  { _id: String, usedAt: { type: Date, required: true } },
  { collection: 'setup_token_uses', versionKey: false },
);
