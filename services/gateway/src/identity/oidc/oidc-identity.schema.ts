import { Schema } from 'mongoose';

/** A user's identity at an OpenID provider: issuer + subject, linked to one user. */
export interface OidcIdentityDoc {
  /** `<issuer> <subject>`. */
  _id: string;
  issuer: string;
  subject: string;
  userId: string;
  createdAt: Date;
}

export const OidcIdentitySchema = new Schema<OidcIdentityDoc>(
  {
    _id: String,
    issuer: { type: String, required: true },
    subject: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'oidc_identities', versionKey: false },
);

export function oidcIdentityId(issuer: string, subject: string): string {
  return `${issuer} ${subject}`;
}
