import { AppError } from '@refinery/server-core';
import { linkState, linkStateError, linkUrl, newLinkSecret } from './one-time-link.js';
import { sha256 } from './secrets.js';

const now = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-03-01T11:00:00Z');
const earlier = new Date('2026-03-01T09:00:00Z');

describe('one-time links', () => {
  it('makes distinct 256-bit secrets and stores only their SHA-256', () => {
    const a = newLinkSecret();
    const b = newLinkSecret();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(sha256(a.token));
    expect(a.hash).not.toContain(a.token);
  });

  it('builds the page link under the public URL, keeping its base path', () => {
    expect(linkUrl('https://refinery.example/', '/invitation', 'abc-_123')).toBe('https://refinery.example/invitation?token=abc-_123');
    expect(linkUrl('http://localhost:8080', '/password-reset', 'x')).toBe('http://localhost:8080/password-reset?token=x');
  });

  it.each([
    [later, null, 'pending'],
    [now, null, 'expired'],
    [earlier, null, 'expired'],
    [later, 'used', 'used'],
    [earlier, 'used', 'used'],
    [earlier, 'revoked', 'revoked'],
  ] as const)('a link expiring %p that ended %p is %p', (expiresAt, outcome, state) => {
    expect(linkState(expiresAt, outcome, now)).toBe(state);
  });

  it('answers no error while pending and a 409 naming the reason otherwise', () => {
    expect(linkStateError('invitation', 'pending', later, 'ask again')).toBeNull();
    const expired = linkStateError('invitation', 'expired', earlier, 'ask an admin for a new one');
    expect(expired).toBeInstanceOf(AppError);
    expect(expired?.toBody()).toEqual({
      code: 'CONFLICT',
      message: 'this invitation expired at 2026-03-01T09:00:00.000Z; ask an admin for a new one',
      details: { reason: 'expired' },
    });
    expect(linkStateError('password reset link', 'used', later, 'x')?.message).toBe('this password reset link was used already; x');
    expect(linkStateError('invitation', 'revoked', later, 'x')?.details).toEqual({ reason: 'revoked' });
  });
});
