import { AcceptInvitationRequest } from './invitations-api.js';
import { ChangePasswordRequest, LinkToken } from './passwords-api.js';

describe('password and invitation requests', () => {
  it('requires a new password that differs from the current one and meets the policy', () => {
    expect(ChangePasswordRequest.safeParse({ currentPassword: 'old password 1', newPassword: 'new password 12' }).success).toBe(true);
    const same = ChangePasswordRequest.safeParse({ currentPassword: 'same password 1', newPassword: 'same password 1' });
    expect(same.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['newPassword', 'must differ from currentPassword']]);
    const short = ChangePasswordRequest.safeParse({ currentPassword: 'old', newPassword: 'short' });
    expect(short.error?.issues.map((i) => i.path.join('.'))).toEqual(['newPassword']);
  });

  it.each([
    ['a'.repeat(43), true],
    ['Ab0-_'.repeat(8) + 'xyz', true],
    ['a'.repeat(42), false],
    ['a'.repeat(44), false],
    ['a'.repeat(42) + '=', false],
    ['a'.repeat(42) + '/', false],
  ])('accepts %p as a link token: %p', (token, ok) => {
    expect(LinkToken.safeParse(token).success).toBe(ok);
  });

  it('accepts an invitation with or without the new account’s password, and nothing else', () => {
    expect(AcceptInvitationRequest.safeParse({}).success).toBe(true);
    expect(AcceptInvitationRequest.safeParse({ password: 'a long password', displayName: ' Ada ' }).data).toEqual({ password: 'a long password', displayName: 'Ada' });
    expect(AcceptInvitationRequest.safeParse({ password: 'a long password', role: 'admin' }).success).toBe(false);
  });
});
