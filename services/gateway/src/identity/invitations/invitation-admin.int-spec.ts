import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { CreateInvitationResponse, InvitationView } from '@refinery/contracts';
import { ApiClient } from '../test-support/api-client.js';
import type { GatewayUnderTest } from '../test-support/gateway-under-test.js';
import { expectNoSecretLeaked, startIdentityHarness, type IdentityHarness } from '../test-support/identity-harness.js';
import { addMember, orgAudit, signInBrowser, type SignedIn } from '../test-support/identity-fixtures.js';

const PASSWORD = 'an invitee password';
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}@example.com`;

describe('organization invitations: what admins do', () => {
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

  describe('admins', () => {
    it('create an invitation whose link is answered once and stored only as SHA-256, expiring after AUTH_INVITATION_TTL_S', async () => {
      const email = unique('Newcomer').toUpperCase();
      const before = Date.now();
      const created = await invite(email);
      expect(created.invitation).toMatchObject({ orgId: 'local', email: email.toLowerCase(), role: 'member', createdBy: admin.userId });
      expect(created.link).toBe(`http://localhost:8080/invitation?token=${created.token}`);
      expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const ttlMs = Date.parse(created.invitation.expiresAt) - before;
      expect(ttlMs).toBeGreaterThan(86_390_000);
      expect(ttlMs).toBeLessThanOrEqual(86_400_000 + 10_000);

      const stored = await db.collection('invitations').findOne({ _id: created.invitation.id as never });
      expect(stored?.['tokenHash']).toBe(sha256(created.token));
      expect(JSON.stringify(await db.collection('invitations').find({}).toArray())).not.toContain(created.token);

      const listed = await pending();
      expect(listed).toContainEqual(created.invitation);
      expect(JSON.stringify(listed)).not.toMatch(/token/i);
      const entry = (await orgAudit(admin, 'local')).find((e) => e.action === 'org.invitation_created' && e.target?.id === created.invitation.id);
      expect(entry).toMatchObject({ actor: { userId: admin.userId, via: 'session' }, details: { email: email.toLowerCase(), role: 'member' } });
    });

    it('may create invitations with a write API token too', async () => {
      const created = await admin.post('/api/v1/tokens', { name: 'onboarding', scope: 'write', expiresInDays: 1 });
      const api = new ApiClient(gateway.base);
      api.bearer = created.as<{ secret: string }>().secret;
      secrets.push(api.bearer);
      const invitation = await invite(unique('via-token'), 'member', api);
      expect(invitation.invitation.createdBy).toBe(admin.userId);
    });

    it('cannot invite a member twice or an address with a pending invitation', async () => {
      const memberEmail = unique('already');
      await addMember(admin, 'local', memberEmail, PASSWORD);
      const member = await admin.post('/api/v1/organizations/local/invitations', { email: memberEmail });
      expect(member.status).toBe(409);
      expect(member.body.error?.message).toBe(`${memberEmail} is a member of organization local already`);

      const first = await invite(unique('twice'));
      const twice = await admin.post('/api/v1/organizations/local/invitations', { email: first.invitation.email });
      expect(twice.status).toBe(409);
      expect(twice.body.error).toMatchObject({ message: expect.stringMatching(/has a pending invitation .*; revoke it first/), details: { invitationId: first.invitation.id } });
    });

    it.each([
      [{ email: 'not-an-email' }, /body\.email/],
      [{ email: 'x@example.com', role: 'owner' }, /body\.role/],
      [{ role: 'member' }, /body\.email/],
      [{ email: 'x@example.com', password: 'chosen by the admin' }, /password/],
      [[], /body/],
    ])('names the field at fault in %p', async (body, message) => {
      const res = await admin.post('/api/v1/organizations/local/invitations', body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.message).toMatch(message);
    });

    it('revoke a pending invitation: it leaves the list and its link stops working; twice is a conflict', async () => {
      const created = await invite(unique('revoked'));
      expect((await admin.request('DELETE', `/api/v1/organizations/local/invitations/${created.invitation.id}`)).status).toBe(204);
      expect((await pending()).map((i) => i.id)).not.toContain(created.invitation.id);
      const details = await new ApiClient(gateway.base).get(`/api/v1/auth/invitations/${created.token}`);
      expect(details.status).toBe(409);
      expect(details.body.error).toEqual({
        code: 'CONFLICT',
        message: 'this invitation was revoked; ask an admin of the organization for a new one',
        details: { reason: 'revoked' },
      });
      const accepted = await accept(created.token, { password: PASSWORD });
      expect(accepted.status).toBe(409);
      expect(accepted.body.error?.details).toEqual({ reason: 'revoked' });
      const again = await admin.request('DELETE', `/api/v1/organizations/local/invitations/${created.invitation.id}`);
      expect(again.status).toBe(409);
      expect(again.body.error?.message).toBe(`invitation ${created.invitation.id} was revoked already`);
      expect((await admin.request('DELETE', '/api/v1/organizations/local/invitations/no-such-invitation')).status).toBe(404);

      const entry = (await orgAudit(admin, 'local')).find((e) => e.action === 'org.invitation_revoked' && e.target?.id === created.invitation.id);
      expect(entry?.actor).toEqual({ userId: admin.userId, via: 'session' });
    });

    it('of one organization cannot see or touch the invitations of another', async () => {
      const rivalEmail = unique('rival');
      await addMember(admin, 'local', rivalEmail, PASSWORD);
      const rival = await signInBrowser(gateway.base, rivalEmail, PASSWORD);
      const orgId = `acme-${randomBytes(3).toString('hex')}`;
      expect((await rival.post('/api/v1/organizations', { id: orgId, name: 'ACME' })).status).toBe(201);
      const ours = await invite(unique('ours'));
      const theirs = await invite(unique('theirs'), 'member', rival, orgId);

      // A member (not admin) of local: 403 on every invitation route.
      const asMember = [
        await rival.get('/api/v1/organizations/local/invitations'),
        await rival.post('/api/v1/organizations/local/invitations', { email: unique('sneaky') }),
        await rival.request('DELETE', `/api/v1/organizations/local/invitations/${ours.invitation.id}`),
      ];
      for (const res of asMember) {
        expect(res.status).toBe(403);
        expect(res.body.error?.message).toMatch(/only admins of organization local/);
      }
      // Not in acme at all: 404, as for any organization one is not in.
      expect((await admin.get(`/api/v1/organizations/${orgId}/invitations`)).status).toBe(404);
      expect((await admin.post(`/api/v1/organizations/${orgId}/invitations`, { email: unique('sneaky') })).status).toBe(404);
      // An invitation id of another organization is unknown here.
      const crossed = await admin.request('DELETE', `/api/v1/organizations/local/invitations/${theirs.invitation.id}`);
      expect(crossed.status).toBe(404);
      expect((await pending(orgId, rival)).map((i) => i.id)).toEqual([theirs.invitation.id]);
      expect((await pending()).map((i) => i.id)).toContain(ours.invitation.id);
    });

    it('need the CSRF header on cookie requests', async () => {
      const created = await invite(unique('csrf'));
      const create = await admin.post('/api/v1/organizations/local/invitations', { email: unique('csrf') }, { csrf: false });
      const revoke = await admin.request('DELETE', `/api/v1/organizations/local/invitations/${created.invitation.id}`, { csrf: false });
      const crossSite = await admin.post('/api/v1/organizations/local/invitations', { email: unique('csrf') }, { headers: { origin: 'https://evil.example' } });
      for (const res of [create, revoke, crossSite]) {
        expect(res.status).toBe(403);
        expect(res.body.error?.code).toBe('CSRF_FAILED');
      }
      expect((await pending()).map((i) => i.id)).toContain(created.invitation.id);
    });
  });

  it('never writes link secrets or passwords to the logs or the audit log', async () => {
    await expectNoSecretLeaked(harness);
  });
});
