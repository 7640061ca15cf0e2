import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { AcceptInvitationResponse, CreateInvitationResponse, InvitationDetails, InvitationView, MeResponse } from '@refinery/contracts';
import { ApiClient } from '../test-support/api-client.js';
import type { GatewayUnderTest } from '../test-support/gateway-under-test.js';
import { expectNoSecretLeaked, startIdentityHarness, type IdentityHarness } from '../test-support/identity-harness.js';
import { addMember, orgAudit, signInBrowser, type SignedIn } from '../test-support/identity-fixtures.js';

const PASSWORD = 'an invitee password';
const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}@example.com`;

describe('organization invitations: accepting them', () => {
  let harness: IdentityHarness;
  let gateway: GatewayUnderTest;
  let db: mongoose.Connection;
  let admin: SignedIn;
  let secrets: string[];

  beforeAll(async () => {
    harness = await startIdentityHarness({ AUTH_INVITATION_TTL_S: '86400' });
    ({ gateway, db, admin, secrets } = harness);
    secrets.push(PASSWORD);
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function invite(email: string, role: 'admin' | 'member' = 'member', by: ApiClient = admin, orgId = 'local'): Promise<CreateInvitationResponse> {
    const res = await by.post(`/api/v1/organizations/${orgId}/invitations`, { email, role });
    if (res.status !== 201) throw new Error(`inviting ${email}: ${res.status} ${res.text}`);
    const created = res.as<CreateInvitationResponse>();
    secrets.push(created.token);
    return created;
  }

  async function pending(orgId = 'local', by: ApiClient = admin): Promise<InvitationView[]> {
    const res = await by.get(`/api/v1/organizations/${orgId}/invitations`);
    expect(res.status).toBe(200);
    return res.as<{ invitations: InvitationView[] }>().invitations;
  }

  const accept = (token: string, body: unknown, client = new ApiClient(gateway.base)) => client.post(`/api/v1/auth/invitations/${token}`, body);

  describe('the invitee', () => {
    it('sees what the invitation is for', async () => {
      const created = await invite(unique('curious'), 'admin');
      const res = await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`);
      expect(res.status).toBe(200);
      expect(res.as<InvitationDetails>()).toEqual({
        email: created.invitation.email,
        organization: { id: 'local', name: 'Local' },
        role: 'admin',
        expiresAt: created.invitation.expiresAt,
        accountExists: false,
      });
    });

    it('creates the local account, joins with the role and is signed in; the link then is used', async () => {
      const created = await invite(unique('joiner'), 'admin');
      const browser = new ApiClient(gateway.base);
      const res = await accept(created.token, { password: PASSWORD, displayName: 'Joan' }, browser);
      expect(res.status).toBe(201);
      const body = res.as<AcceptInvitationResponse>();
      expect(body.user).toMatchObject({ email: created.invitation.email, displayName: 'Joan' });
      expect(body.organization).toEqual({ id: 'local', name: 'Local', role: 'admin' });
      expect(body.csrfToken).toBe(browser.csrf);
      expect(browser.cookies.has('refinery_session')).toBe(true);
      const me = await browser.get('/api/v1/auth/me');
      expect(me.as<MeResponse>().organizations).toEqual([{ id: 'local', name: 'Local', role: 'admin' }]);
      // The session works for unsafe requests too (its CSRF token came with it): the new admin invites.
      const next = await browser.post('/api/v1/organizations/local/invitations', { email: unique('next') });
      expect(next.status).toBe(201);
      secrets.push(next.as<CreateInvitationResponse>().token);
      expect((await new ApiClient(gateway.base).post('/api/v1/auth/login', { email: created.invitation.email, password: PASSWORD })).status).toBe(200);

      const again = await accept(created.token, { password: 'another long password' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ message: 'this invitation was used already; ask an admin of the organization for a new one', details: { reason: 'used' } });
      expect((await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`)).status).toBe(409);
      expect((await pending()).map((i) => i.id)).not.toContain(created.invitation.id);
      const revoke = await admin.request('DELETE', `/api/v1/organizations/local/invitations/${created.invitation.id}`);
      expect(revoke.status).toBe(409);
      expect(revoke.body.error?.message).toMatch(/was accepted already/);

      const entry = (await orgAudit(admin, 'local')).find((e) => e.action === 'org.invitation_accepted' && e.target?.id === created.invitation.id);
      expect(entry).toMatchObject({ actor: { userId: body.user.id, via: 'session' }, details: { accountCreated: true, role: 'admin', invitedBy: admin.userId } });
    });

    it('is accepted once when two browsers accept at the same time', async () => {
      const created = await invite(unique('racer'));
      const results = await Promise.all([0, 1, 2, 3].map(() => accept(created.token, { password: PASSWORD })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      const users = await db.collection('users').find({ email: created.invitation.email }).toArray();
      expect(users).toHaveLength(1);
      expect(await db.collection('org_members').countDocuments({ orgId: 'local', userId: users[0]?.['_id'] })).toBe(1);
      expect(await db.collection('link_claims').countDocuments({ _id: `invitation|${created.invitation.id}` as never })).toBe(1);
    });

    it('is either accepted or revoked when both happen at the same time, never both', async () => {
      for (let round = 0; round < 3; round++) {
        const created = await invite(unique('contested'));
        const [accepted, revoked] = await Promise.all([
          accept(created.token, { password: PASSWORD }),
          admin.request('DELETE', `/api/v1/organizations/local/invitations/${created.invitation.id}`),
        ]);
        const users = await db.collection('users').countDocuments({ email: created.invitation.email });
        if (accepted.status === 201) {
          expect(revoked.status).toBe(409);
          expect(users).toBe(1);
        } else {
          expect([accepted.status, revoked.status]).toEqual([409, 204]);
          expect(accepted.body.error?.details).toEqual({ reason: 'revoked' });
          expect(users).toBe(0);
        }
      }
    });

    it('needs a password that meets the policy to create the account; a bad one leaves the link usable', async () => {
      const created = await invite(unique('weak'));
      for (const [body, message] of [
        [{}, /^body\.password: required to create the account of /],
        [{ password: 'short' }, /body\.password: at least 12 characters/],
        [{ password: PASSWORD, displayName: '' }, /body\.displayName/],
        [{ password: PASSWORD, email: 'other@example.com' }, /email/],
        [{ password: PASSWORD, role: 'admin' }, /role/],
      ] as const) {
        const res = await accept(created.token, body);
        expect(res.status).toBe(400);
        expect(res.body.error?.code).toBe('VALIDATION_FAILED');
        expect(res.body.error?.message).toMatch(message);
      }
      expect((await accept(created.token, { password: PASSWORD })).status).toBe(201);
    });

    it('with an existing account must sign in as it first; then accepts without a password', async () => {
      const email = unique('existing');
      const orgId = `team-${randomBytes(3).toString('hex')}`;
      expect((await admin.post('/api/v1/organizations', { id: orgId, name: 'Team' })).status).toBe(201);
      await addMember(admin, orgId, email, PASSWORD);
      const created = await invite(email, 'member');

      expect((await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`)).as<InvitationDetails>().accountExists).toBe(true);
      const signedOut = await accept(created.token, { password: 'trying to take it over' });
      expect(signedOut.status).toBe(409);
      expect(signedOut.body.error).toEqual({
        code: 'CONFLICT',
        message: `an account with the e-mail ${email} exists: sign in as it, then accept the invitation`,
        details: { accountExists: true },
      });

      const session = await signInBrowser(gateway.base, email, PASSWORD);
      const withPassword = await accept(created.token, { password: PASSWORD }, session);
      expect(withPassword.status).toBe(400);
      expect(withPassword.body.error?.message).toMatch(/body\.password: not used when you are signed in/);
      const noCsrf = await session.post(`/api/v1/auth/invitations/${created.token}`, {}, { csrf: false });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error?.code).toBe('CSRF_FAILED');

      const res = await accept(created.token, {}, session);
      expect(res.status).toBe(201);
      expect(res.as<AcceptInvitationResponse>()).toMatchObject({ user: { id: session.userId }, organization: { id: 'local', role: 'member' }, csrfToken: null });
      const orgs = (await session.get('/api/v1/auth/me')).as<MeResponse>().organizations.map((o) => o.id);
      expect(orgs.sort()).toEqual(['local', orgId].sort());
    });

    it('signed in as somebody else is refused, and nothing changes', async () => {
      const created = await invite(unique('meant-for-someone'));
      const otherEmail = unique('bystander');
      await addMember(admin, 'local', otherEmail, PASSWORD);
      const other = await signInBrowser(gateway.base, otherEmail, PASSWORD);
      const res = await accept(created.token, {}, other);
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toBe(`this invitation is for ${created.invitation.email}, but you are signed in as ${otherEmail}; sign out to accept it as ${created.invitation.email}`);
      expect((await pending()).map((i) => i.id)).toContain(created.invitation.id);
    });

    it('who is a member already gets a conflict and the invitation stays pending', async () => {
      const email = unique('late');
      const created = await invite(email);
      await addMember(admin, 'local', email, PASSWORD);
      const session = await signInBrowser(gateway.base, email, PASSWORD);
      const res = await accept(created.token, {}, session);
      expect(res.status).toBe(409);
      expect(res.body.error?.message).toBe('you are a member of organization local already');
      expect((await pending()).map((i) => i.id)).toContain(created.invitation.id);
    });

    it('cannot accept with an API token or from another origin', async () => {
      const created = await invite(unique('automated'));
      const token = await admin.post('/api/v1/tokens', { name: 'bot', scope: 'write', expiresInDays: 1 });
      const api = new ApiClient(gateway.base);
      api.bearer = token.as<{ secret: string }>().secret;
      secrets.push(api.bearer);
      const viaToken = await accept(created.token, { password: PASSWORD }, api);
      expect(viaToken.status).toBe(403);
      expect(viaToken.body.error?.message).toMatch(/not with an API token/);
      const crossSite = await new ApiClient(gateway.base).post(`/api/v1/auth/invitations/${created.token}`, { password: PASSWORD }, { headers: { origin: 'https://evil.example' } });
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error?.code).toBe('CSRF_FAILED');
      expect((await pending()).map((i) => i.id)).toContain(created.invitation.id);
    });

    it('cannot use an invitation whose author is no longer an admin', async () => {
      const authorEmail = unique('short-lived-admin');
      const authorId = await addMember(admin, 'local', authorEmail, PASSWORD, 'admin');
      const author = await signInBrowser(gateway.base, authorEmail, PASSWORD);
      const created = await invite(unique('orphan'), 'member', author);
      expect((await admin.request('PATCH', `/api/v1/organizations/local/members/${authorId}`, { body: { role: 'member' } })).status).toBe(204);
      const details = await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`);
      expect(details.status).toBe(409);
      expect(details.body.error).toEqual({
        code: 'CONFLICT',
        message: 'the admin who made this invitation is no longer an admin of the organization; ask an admin of the organization for a new one',
        details: { reason: 'not-allowed' },
      });
      expect((await accept(created.token, { password: PASSWORD })).status).toBe(409);
      expect(await db.collection('users').countDocuments({ email: created.invitation.email })).toBe(0);
      // Not pending any more: it leaves the list, and the address may be invited again.
      expect((await pending()).map((i) => i.id)).not.toContain(created.invitation.id);
      await invite(created.invitation.email);
    });

    it('cannot use an expired invitation, and it leaves the list', async () => {
      const created = await invite(unique('too-late'));
      await db.collection('invitations').updateOne({ _id: created.invitation.id as never }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
      const details = await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`);
      expect(details.status).toBe(409);
      expect(details.body.error?.message).toMatch(/^this invitation expired at .*; ask an admin of the organization for a new one$/);
      const res = await accept(created.token, { password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body.error?.details).toEqual({ reason: 'expired' });
      expect((await pending()).map((i) => i.id)).not.toContain(created.invitation.id);
      // Expired, not pending: a new invitation for the address may be made.
      await invite(created.invitation.email);
    });

    it('gets 404 for an unknown link and 400 for a malformed one', async () => {
      const anyone = new ApiClient(gateway.base);
      const unknown = await anyone.get(`/api/v1/auth/invitations/${randomBytes(32).toString('base64url')}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error?.message).toMatch(/unknown invitation link/);
      expect((await accept(randomBytes(32).toString('base64url'), { password: PASSWORD })).status).toBe(404);
      for (const bad of ['short', `${'a'.repeat(42)}!`, 'a'.repeat(44)]) {
        const res = await anyone.get(`/api/v1/auth/invitations/${encodeURIComponent(bad)}`);
        expect(res.status).toBe(400);
        expect(res.body.error?.message).toMatch(/params\.token/);
      }
    });
  });

  it('never writes link secrets or passwords to the logs or the audit log', async () => {
    await expectNoSecretLeaked(harness);
  });
});
