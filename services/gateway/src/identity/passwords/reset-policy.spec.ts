import { resetRefusal } from './reset-policy.js';

describe('resetRefusal', () => {
  const base = { callerId: 'admin', targetId: 'user', callerAdminOrgIds: ['a', 'b'] };

  it('allows users whose every organization the caller administers', () => {
    expect(resetRefusal({ ...base, targetOrgIds: ['a'] })).toBeNull();
    expect(resetRefusal({ ...base, targetOrgIds: ['b', 'a'] })).toBeNull();
  });

  it('refuses a user who is also in an organization the caller does not administer, counting them without naming them', () => {
    expect(resetRefusal({ ...base, targetOrgIds: ['a', 'secret-org'] })).toBe(
      'user user is also a member of 1 organization you do not administer; only an admin of every organization the user belongs to may reset their password',
    );
    expect(resetRefusal({ ...base, targetOrgIds: ['a', 'x', 'y', 'x'] })).toMatch(/of 2 organizations you do not administer/);
    expect(resetRefusal({ ...base, targetOrgIds: ['a', 'x'] })).not.toContain('x;');
  });

  it('refuses the caller themselves, pointing at the change-password route', () => {
    expect(resetRefusal({ ...base, targetId: 'admin', targetOrgIds: ['a'] })).toMatch(/POST \/api\/v1\/auth\/password/);
  });
});
