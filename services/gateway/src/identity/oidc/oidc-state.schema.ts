import { Schema } from 'mongoose';

/** One pending OIDC login: what the callback must see again (state, nonce, PKCE verifier). */
export interface OidcStateDoc {
  /** SHA-256 of the `state` (which also sits in the browser's state cookie). */
  _id: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  expiresAt: Date;
}

export const OidcStateSchema = new Schema<OidcStateDoc>(
  {
    _id: String,
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    returnTo: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'oidc_states', versionKey: false },
);
