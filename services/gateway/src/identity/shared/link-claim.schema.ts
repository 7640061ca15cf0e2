import { Schema } from 'mongoose';
import type { LinkOutcome } from './one-time-link.js';

/**
 * The end of a one-time link (invitation, password reset): inserted with `<kind>|<link id>` as
 * `_id`, so of two concurrent accepts (or an accept racing a revoke) exactly one insert succeeds.
 * FerretDB does not isolate concurrent conditional updates; a duplicate `_id` always fails.
 */
export interface LinkClaimDoc {
  _id: string;
  outcome: LinkOutcome;
  /** The user who redeemed or revoked it. */
  by: string;
  at: Date;
}

export const LinkClaimSchema = new Schema<LinkClaimDoc>(
  {
    _id: String,
    outcome: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'link_claims', versionKey: false },
);

export type LinkKind = 'invitation' | 'password-reset';

export function linkClaimId(kind: LinkKind, id: string): string {
  return `${kind}|${id}`;
}
