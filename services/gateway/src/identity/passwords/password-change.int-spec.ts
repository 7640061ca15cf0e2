import { randomBytes } from 'node:crypto';
import { ApiClient } from '../test-support/api-client.js';
import type { GatewayUnderTest } from '../test-support/gateway-under-test.js';
import { expectNoSecretLeaked, startIdentityHarness, type IdentityHarness } from '../test-support/identity-harness.js';
import { loginStatus, newLocalMember, orgAudit, signInBrowser, type SignedIn } from '../test-support/identity-fixtures.js';

const PASSWORD = 'a member password';
const NEW_PASSWORD = 'a brand new password';

describe('changing my own password', () => {
  let harness: IdentityHarness;
  let gateway: GatewayUnderTest;
  let admin: SignedIn;
  let secrets: string[];

  beforeAll(async () => {
    // A lock lasts the whole file (600 s window): three failures of an e-mail lock it.
    harness = await startIdentityHarness({ AUTH_LOCKOUT_THRESHOLD: '3', AUTH_LOCKOUT_WINDOW_S: '600' });
    ({ gateway, admin, secrets } = harness);
    secrets.push(PASSWORD, NEW_PASSWORD);
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe('POST /auth/password', () => {
    it('sets the new password, ends every other session of the user, keeps this one and records auth.password_changed', async () => {
      const here = await newLocalMember(admin, 'changer', PASSWORD);
      const elsewhere = await signInBrowser(gateway.base, here.email, PASSWORD);
      const res = await here.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      expect((await here.get('/api/v1/auth/me')).status).toBe(200);
      const other = await elsewhere.get('/api/v1/auth/me');
      expect(other.status).toBe(401);
      expect(other.body.error?.message).toMatch(/expired or ended/);
      expect(await loginStatus(gateway.base, here.email, NEW_PASSWORD)).toBe(200);
      expect(await loginStatus(gateway.base, here.email, PASSWORD)).toBe(401);

      const entry = (await orgAudit(admin, 'local')).find((e) => e.action === 'auth.password_changed' && e.target?.id === here.userId);
      expect(entry).toMatchObject({ actor: { userId: here.userId, via: 'session' }, orgId: 'local', details: { sessionsEnded: 1 } });
    });

    it('counts a wrong current password as a failed login: 403 naming the field, then the e-mail locks (429)', async () => {
      const user = await newLocalMember(admin, 'guesser', PASSWORD);
      expect(await loginStatus(gateway.base, user.email, 'a wrong password')).toBe(401);
      const wrong = await user.post('/api/v1/auth/password', { currentPassword: 'another wrong one', newPassword: NEW_PASSWORD });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error).toEqual({ code: 'FORBIDDEN', message: 'body.currentPassword: not your current password', details: { field: 'currentPassword' } });
      // The third failure of the e-mail (one login, two changes) reaches the threshold of 3.
      const third = await user.post('/api/v1/auth/password', { currentPassword: 'yet another guess', newPassword: NEW_PASSWORD });
      expect(third.status).toBe(429);
      expect(third.body.error?.code).toBe('ACCOUNT_LOCKED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      // Locked: even the right current password and the right login are refused.
      expect((await user.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(429);
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(429);
      // The session itself stays valid.
      expect((await user.get('/api/v1/auth/me')).status).toBe(200);

      const actions = (await orgAudit(admin, 'local')).filter((e) => e.target?.id === user.userId).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['auth.password_change_failed', 'auth.password_change_locked']));
      expect(actions).not.toContain('auth.password_changed');
    });

    it.each([
      [{ currentPassword: PASSWORD, newPassword: 'short' }, /body\.newPassword: at least 12 characters/],
      [{ currentPassword: PASSWORD, newPassword: 'x'.repeat(257) }, /body\.newPassword/],
      [{ currentPassword: PASSWORD, newPassword: PASSWORD }, /body\.newPassword: must differ from currentPassword/],
      [{ newPassword: NEW_PASSWORD }, /body\.currentPassword/],
      [{ currentPassword: '', newPassword: NEW_PASSWORD }, /body\.currentPassword/],
      [{ currentPassword: PASSWORD }, /body\.newPassword/],
      [{ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, email: 'x@example.com' }, /email/],
      [[PASSWORD, NEW_PASSWORD], /body/],
    ])('applies the account-creation policy and names the field at fault in %p', async (body, message) => {
      const user = await newLocalMember(admin, `policy-${randomBytes(3).toString('hex')}`, PASSWORD);
      const res = await user.post('/api/v1/auth/password', body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.message).toMatch(message);
      // Nothing changed.
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(200);
    });

    it('needs a browser session: 401 signed out, 403 with an API token', async () => {
      const signedOut = await new ApiClient(gateway.base).post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(signedOut.status).toBe(401);
      const user = await newLocalMember(admin, 'automation', PASSWORD);
      const created = await user.post('/api/v1/tokens', { name: 'ci', scope: 'write', expiresInDays: 1 });
      const api = new ApiClient(gateway.base);
      api.bearer = created.as<{ secret: string }>().secret;
      secrets.push(api.bearer);
      const res = await api.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toMatch(/API tokens cannot change passwords/);
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(200);
    });

    it('refuses the cookie request without the CSRF header, with a wrong one, or from another origin', async () => {
      const user = await newLocalMember(admin, 'csrf-changer', PASSWORD);
      const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
      const missing = await user.post('/api/v1/auth/password', body, { csrf: false });
      const forged = await user.post('/api/v1/auth/password', body, { headers: { 'x-csrf-token': 'forged' } });
      const crossSite = await user.post('/api/v1/auth/password', body, { headers: { origin: 'https://evil.example' } });
      for (const res of [missing, forged, crossSite]) {
        expect(res.status).toBe(403);
        expect(res.body.error?.code).toBe('CSRF_FAILED');
      }
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(200);
    });
  });

  it('never writes passwords or API tokens to the logs or the audit log', async () => {
    await expectNoSecretLeaked(harness);
  });
});
