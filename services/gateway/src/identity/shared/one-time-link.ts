import { AppError } from '@refinery/server-core';
import { randomSecret, sha256 } from './secrets.js';

/** How a one-time link ended: redeemed by its holder, or withdrawn by an admin. */
export type LinkOutcome = 'used' | 'revoked';
export type LinkState = 'pending' | 'expired' | LinkOutcome;

/**
 * A fresh link secret (256 bits, base64url: 43 characters) and the SHA-256 that is stored in its
 * place; the secret itself is answered once and kept nowhere.
 */
export function newLinkSecret(): { token: string; hash: string } {
  const token = randomSecret();
  return { token, hash: sha256(token) };
}

/** `<publicUrl><path>?token=…`: the page of the web app that redeems the link. */
export function linkUrl(publicUrl: string, path: string, token: string): string {
  const url = new URL(path, publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** A link's state: how it ended (if it did) wins over its expiry. */
export function linkState(expiresAt: Date, outcome: LinkOutcome | null, now: Date): LinkState {
  if (outcome) return outcome;
  return expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/**
 * The error for a link that cannot be redeemed (null while pending): 409 naming why, with
 * `details.reason` for pages that show their own text. `what` names the link in messages.
 */
export function linkStateError(what: string, state: LinkState, expiresAt: Date, renew: string): AppError | null {
  switch (state) {
    case 'pending':
      return null;
    case 'expired':
      return new AppError('CONFLICT', `this ${what} expired at ${expiresAt.toISOString()}; ${renew}`, { reason: 'expired' });
    case 'used':
      return new AppError('CONFLICT', `this ${what} was used already; ${renew}`, { reason: 'used' });
    case 'revoked':
      return new AppError('CONFLICT', `this ${what} was revoked; ${renew}`, { reason: 'revoked' });
  }
}
