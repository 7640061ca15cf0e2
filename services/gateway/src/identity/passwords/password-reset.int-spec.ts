import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { PasswordResetLinkResponse } from '@refinery/contracts';
import { ApiClient } from '../test-support/api-client.js';
import type { GatewayUnderTest } from '../test-support/gateway-under-test.js';
import { expectNoSecretLeaked, HARNESS_ADMIN as ADMIN, startIdentityHarness, type IdentityHarness } from '../test-support/identity-harness.js';
import { addMember, loginStatus, newLocalMember, orgAudit, signInBrowser, type SignedIn } from '../test-support/identity-fixtures.js';

const PASSWORD = 'a member password';
const NEW_PASSWORD = 'a brand new password';
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
/** A well-formed link secret nobody issued. */
const unknownToken = () => randomBytes(32).toString('base64url');

describe('password reset links issued by admins', () => {
  let harness: IdentityHarness;
  let gateway: GatewayUnderTest;
  let db: mongoose.Connection;
  let admin: SignedIn;
  let secrets: string[];

  beforeAll(async () => {
    // A lock lasts the whole file (600 s window): only a reset may lift it.
    harness = await startIdentityHarness({ AUTH_LOCKOUT_THRESHOLD: '3', AUTH_LOCKOUT_WINDOW_S: '600', AUTH_PASSWORD_RESET_TTL_S: '1800' });
    ({ gateway, db, admin, secrets } = harness);
    secrets.push(PASSWORD, NEW_PASSWORD);
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function issueReset(by: ApiClient, userId: string, orgId = 'local'): Promise<PasswordResetLinkResponse> {
    const res = await by.post(`/api/v1/organizations/${orgId}/members/${userId}/password-reset`);
    if (res.status !== 201) throw new Error(`reset link for ${userId}: ${res.status} ${res.text}`);
    const issued = res.as<PasswordResetLinkResponse>();
    secrets.push(issued.token);
    return issued;
  }

  describe('reset links', () => {
    it('are shown once and stored hashed; one sets the password once, ends all sessions and lifts the lockout', async () => {
      const user = await newLocalMember(admin, 'forgetful', PASSWORD);
      for (let i = 0; i < 3; i++) await loginStatus(gateway.base, user.email, 'forgotten password');
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(429);

      const before = Date.now();
      const issued = await issueReset(admin, user.userId);
      expect(issued).toMatchObject({ userId: user.userId, email: user.email, link: `http://localhost:8080/password-reset?token=${issued.token}` });
      expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const ttlMs = Date.parse(issued.expiresAt) - before;
      expect(ttlMs).toBeGreaterThan(1_790_000);
      expect(ttlMs).toBeLessThanOrEqual(1_800_000 + 10_000);
      const stored = await db.collection('password_resets').find({}).toArray();
      expect(stored.map((d) => d['_id'])).toContain(sha256(issued.token));
      expect(JSON.stringify(stored)).not.toContain(issued.token);

      const anyone = new ApiClient(gateway.base);
      const details = await anyone.get(`/api/v1/auth/password-reset/${issued.token}`);
      expect(details.status).toBe(200);
      expect(details.body).toEqual({ email: user.email, expiresAt: issued.expiresAt });

      const reset = await anyone.post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword: NEW_PASSWORD });
      expect(reset.status).toBe(204);
      expect((await user.get('/api/v1/auth/me')).status).toBe(401);
      expect(await loginStatus(gateway.base, user.email, NEW_PASSWORD)).toBe(200);
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(401);

      const again = await anyone.post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword: 'a third password here' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/was used already/), details: { reason: 'used' } });
      expect((await anyone.get(`/api/v1/auth/password-reset/${issued.token}`)).body.error?.details).toEqual({ reason: 'used' });
      expect(await loginStatus(gateway.base, user.email, NEW_PASSWORD)).toBe(200);

      const entries = (await orgAudit(admin, 'local')).filter((e) => e.target?.id === user.userId);
      expect(entries.find((e) => e.action === 'auth.password_reset_issued')?.actor).toEqual({ userId: admin.userId, via: 'session' });
      expect(entries.find((e) => e.action === 'auth.password_reset')).toMatchObject({ actor: { userId: user.userId, via: 'system' }, details: { issuedBy: admin.userId, sessionsEnded: 1 } });
    });

    it('set one password when several browsers use the same link at the same time', async () => {
      const user = await newLocalMember(admin, 'contested-reset', PASSWORD);
      const issued = await issueReset(admin, user.userId);
      const candidates = ['first candidate password', 'second candidate password', 'third candidate password'];
      const results = await Promise.all(candidates.map((newPassword) => new ApiClient(gateway.base).post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword })));
      expect(results.map((r) => r.status).sort()).toEqual([204, 409, 409]);
      const winner = candidates[results.findIndex((r) => r.status === 204)] ?? '';
      for (const candidate of candidates) expect(await loginStatus(gateway.base, user.email, candidate)).toBe(candidate === winner ? 200 : 401);
    });

    it('refuse an expired link', async () => {
      const user = await newLocalMember(admin, 'slowpoke', PASSWORD);
      const issued = await issueReset(admin, user.userId);
      await db.collection('password_resets').updateOne({ _id: sha256(issued.token) as never }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
      const details = await new ApiClient(gateway.base).get(`/api/v1/auth/password-reset/${issued.token}`);
      expect(details.status).toBe(409);
      expect(details.body.error?.message).toMatch(/^this password reset link expired at .*; ask an admin of your organization for a new one$/);
      const reset = await new ApiClient(gateway.base).post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword: NEW_PASSWORD });
      expect(reset.status).toBe(409);
      expect(reset.body.error?.details).toEqual({ reason: 'expired' });
      expect(await loginStatus(gateway.base, user.email, PASSWORD)).toBe(200);
    });

    it('refuse unknown and malformed links, weak passwords and extra fields (the link stays usable)', async () => {
      const anyone = new ApiClient(gateway.base);
      const unknown = await anyone.post(`/api/v1/auth/password-reset/${unknownToken()}`, { newPassword: NEW_PASSWORD });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error?.message).toMatch(/unknown password reset link/);
      expect((await anyone.get(`/api/v1/auth/password-reset/${unknownToken()}`)).status).toBe(404);
      const malformed = await anyone.post('/api/v1/auth/password-reset/not-a-token', { newPassword: NEW_PASSWORD });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error?.message).toMatch(/params\.token/);

      const user = await newLocalMember(admin, 'picky', PASSWORD);
      const issued = await issueReset(admin, user.userId);
      for (const [body, message] of [
        [{ newPassword: 'short' }, /body\.newPassword: at least 12 characters/],
        [{}, /body\.newPassword/],
        [{ newPassword: NEW_PASSWORD, userId: 'someone-else' }, /userId/],
      ] as const) {
        const res = await anyone.post(`/api/v1/auth/password-reset/${issued.token}`, body);
        expect(res.status).toBe(400);
        expect(res.body.error?.message).toMatch(message);
      }
      expect((await anyone.get(`/api/v1/auth/password-reset/${issued.token}`)).status).toBe(200);
    });

    it('die when another link of the user is used or the user changes the password', async () => {
      const user = await newLocalMember(admin, 'two-links', PASSWORD);
      const first = await issueReset(admin, user.userId);
      const second = await issueReset(admin, user.userId);
      expect((await new ApiClient(gateway.base).post(`/api/v1/auth/password-reset/${first.token}`, { newPassword: NEW_PASSWORD })).status).toBe(204);
      expect((await new ApiClient(gateway.base).get(`/api/v1/auth/password-reset/${second.token}`)).status).toBe(404);

      const third = await issueReset(admin, user.userId);
      const session = await signInBrowser(gateway.base, user.email, NEW_PASSWORD);
      expect((await session.post('/api/v1/auth/password', { currentPassword: NEW_PASSWORD, newPassword: 'changed by myself again' })).status).toBe(204);
      expect((await new ApiClient(gateway.base).get(`/api/v1/auth/password-reset/${third.token}`)).status).toBe(404);
    });

    it('are refused for users who are also in an organization the admin does not administer', async () => {
      const rival = await newLocalMember(admin, 'rival', PASSWORD);
      const orgId = `acme-${randomBytes(3).toString('hex')}`;
      expect((await rival.post('/api/v1/organizations', { id: orgId, name: 'ACME' })).status).toBe(201);
      const shared = await newLocalMember(admin, 'shared', PASSWORD);
      expect((await rival.post(`/api/v1/organizations/${orgId}/members`, { email: shared.email, role: 'member' })).status).toBe(201);

      const byAdmin = await admin.post(`/api/v1/organizations/local/members/${shared.userId}/password-reset`);
      expect(byAdmin.status).toBe(403);
      expect(byAdmin.body.error?.message).toBe(
        `user ${shared.userId} is also a member of 1 organization you do not administer; only an admin of every organization the user belongs to may reset their password`,
      );
      // The other side alike: rival administers acme, not local.
      const byRival = await rival.post(`/api/v1/organizations/${orgId}/members/${shared.userId}/password-reset`);
      expect(byRival.status).toBe(403);
      expect(byRival.body.error?.message).toMatch(/also a member of 1 organization you do not administer/);
      // In local, rival is a plain member; in acme, the admin is nobody (its id cannot be probed).
      const asMember = await rival.post(`/api/v1/organizations/local/members/${shared.userId}/password-reset`);
      expect(asMember.status).toBe(403);
      expect(asMember.body.error?.message).toMatch(/only admins of organization local/);
      expect((await admin.post(`/api/v1/organizations/${orgId}/members/${shared.userId}/password-reset`)).status).toBe(404);

      // A user only in acme is rival's to reset; once the admin also administers acme, shared is theirs.
      const acmeOnly = `acme-only-${randomBytes(3).toString('hex')}@example.com`;
      const acmeOnlyId = await addMember(rival, orgId, acmeOnly, PASSWORD);
      await issueReset(rival, acmeOnlyId, orgId);
      await addMember(rival, orgId, ADMIN.email, PASSWORD, 'admin');
      await issueReset(admin, shared.userId);
      expect(await loginStatus(gateway.base, shared.email, PASSWORD)).toBe(200);
    });

    it('stop working when the user joins an organization the issuer does not administer, or leaves the issuer’s', async () => {
      const joiner = await newLocalMember(admin, 'joins-elsewhere', PASSWORD);
      const joinerLink = await issueReset(admin, joiner.userId);
      const leaver = await newLocalMember(admin, 'leaves', PASSWORD);
      const leaverLink = await issueReset(admin, leaver.userId);
      const orgId = `elsewhere-${randomBytes(3).toString('hex')}`;
      expect((await joiner.post('/api/v1/organizations', { id: orgId, name: 'Elsewhere' })).status).toBe(201);
      expect((await admin.request('DELETE', `/api/v1/organizations/local/members/${leaver.userId}`)).status).toBe(204);

      for (const issued of [joinerLink, leaverLink]) {
        const details = await new ApiClient(gateway.base).get(`/api/v1/auth/password-reset/${issued.token}`);
        expect(details.status).toBe(409);
        expect(details.body.error).toMatchObject({ message: expect.stringMatching(/^this password reset link no longer applies/), details: { reason: 'not-allowed' } });
        expect((await new ApiClient(gateway.base).post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword: NEW_PASSWORD })).status).toBe(409);
      }
      expect(await loginStatus(gateway.base, joiner.email, PASSWORD)).toBe(200);
      expect(await loginStatus(gateway.base, leaver.email, PASSWORD)).toBe(200);
    });

    it('are refused for the admin themselves, non-members, with API tokens, with a body, and without CSRF', async () => {
      const self = await admin.post(`/api/v1/organizations/local/members/${admin.userId}/password-reset`);
      expect(self.status).toBe(403);
      expect(self.body.error?.message).toMatch(/change your own password with POST \/api\/v1\/auth\/password/);
      const nobody = await admin.post('/api/v1/organizations/local/members/no-such-user/password-reset');
      expect(nobody.status).toBe(404);
      expect(nobody.body.error?.message).toBe('user no-such-user is not a member of organization local');

      const user = await newLocalMember(admin, 'target', PASSWORD);
      const created = await admin.post('/api/v1/tokens', { name: 'admin automation', scope: 'write', expiresInDays: 1 });
      const api = new ApiClient(gateway.base);
      api.bearer = created.as<{ secret: string }>().secret;
      secrets.push(api.bearer);
      const viaToken = await api.post(`/api/v1/organizations/local/members/${user.userId}/password-reset`);
      expect(viaToken.status).toBe(403);
      expect(viaToken.body.error?.message).toMatch(/browser session/);

      const withBody = await admin.post(`/api/v1/organizations/local/members/${user.userId}/password-reset`, { password: NEW_PASSWORD });
      expect(withBody.status).toBe(400);
      expect(withBody.body.error?.message).toMatch(/password/);
      const noCsrf = await admin.post(`/api/v1/organizations/local/members/${user.userId}/password-reset`, undefined, { csrf: false });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error?.code).toBe('CSRF_FAILED');
      expect(await db.collection('password_resets').countDocuments({ userId: user.userId })).toBe(0);
    });

    it('refuse a reset posted from another origin', async () => {
      const user = await newLocalMember(admin, 'cross-site', PASSWORD);
      const issued = await issueReset(admin, user.userId);
      const res = await new ApiClient(gateway.base).post(`/api/v1/auth/password-reset/${issued.token}`, { newPassword: NEW_PASSWORD }, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('CSRF_FAILED');
      expect((await new ApiClient(gateway.base).get(`/api/v1/auth/password-reset/${issued.token}`)).status).toBe(200);
    });
  });

  it('never writes passwords or link secrets to the logs or the audit log', async () => {
    await expectNoSecretLeaked(harness);
  });
});
