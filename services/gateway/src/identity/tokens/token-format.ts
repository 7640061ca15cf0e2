import { randomBytes } from 'node:crypto';

/**
 * `rfy_<prefix>_<secret>`: the prefix (12 hex characters) is the token's id and finds its record
 * by `_id`; the secret (32 random bytes, base64url) makes it unguessable. Only the SHA-256 of the
 * whole string is stored. The `rfy_` marker lets secret scanners recognise leaked tokens.
 */
const TOKEN = /^rfy_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  prefix: string;
  token: string;
}

export function generateToken(): NewToken {
  const prefix = randomBytes(6).toString('hex');
  return { prefix, token: `rfy_${prefix}_${randomBytes(32).toString('base64url')}` };
}

/** The prefix of a well-formed token, or null. */
export function tokenPrefix(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}
