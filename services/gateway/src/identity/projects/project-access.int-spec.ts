import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { allowedActions, ProjectSubjects, SliceSubjects, type Actor, type ProjectRole } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// The gateway resolves project organizations through the real records service.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { ApiClient } from '../test-support/api-client.js';
import { startGateway, type GatewayUnderTest } from '../test-support/gateway-under-test.js';

const ADMIN = { email: 'admin@example.com', password: 'the admin password' };
const PASSWORD = 'a member password';
const roles: ProjectRole[] = ['engineer', 'expert', 'annotator'];

interface Me {
  user: { id: string };
}

describe('organizations, project roles, API tokens and the audit log', () => {
  let env: Record<string, string>;
  let records: RunningService;
  let gateway: GatewayUnderTest;
  let nats: TestBus;
  let db: mongoose.Connection;
  const as: Record<string, ApiClient> = {};
  const ids: Record<string, string> = {};
  let project: string;
  let otherOrgProject: string;

  async function createProject(actor: Actor, name: string): Promise<string> {
    return (await nats.bus.request(ProjectSubjects.create, { name }, { actor })).id;
  }

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024' });
    records = await startService(recordsService, env, []);
    gateway = await startGateway({ ...env, AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password });
    nats = await testBus(env);
    db = await mongoose.createConnection(env['MONGO_URL'] ?? '', { dbName: `${env['MONGO_DB_PREFIX']}_gateway` }).asPromise();

    as['admin'] = new ApiClient(gateway.base);
    // The configured admin is created in the background at start.
    ids['admin'] = await expectEventually(async () => (await as['admin']!.login(ADMIN.email, ADMIN.password)).as<Me>().user.id);
    for (const name of [...roles, 'outsider']) {
      const res = await as['admin'].post('/api/v1/organizations/local/members', { email: `${name}@example.com`, password: PASSWORD, role: 'member' });
      expect(res.status).toBe(201);
      as[name] = new ApiClient(gateway.base);
      ids[name] = (await as[name].login(`${name}@example.com`, PASSWORD)).as<Me>().user.id;
    }
    project = await createProject({ userId: ids['admin'], orgId: 'local', role: 'owner' }, 'Clickbait');
    for (const role of roles) {
      expect((await as['admin'].request('PUT', `/api/v1/projects/${project}/members/${ids[role]}`, { body: { role } })).status).toBe(204);
    }

    // A second organization with its own project, run by somebody else.
    as['rival'] = new ApiClient(gateway.base);
    await as['admin'].post('/api/v1/organizations/local/members', { email: 'rival@example.com', password: PASSWORD, role: 'member' });
    ids['rival'] = (await as['rival'].login('rival@example.com', PASSWORD)).as<Me>().user.id;
    expect((await as['rival'].post('/api/v1/organizations', { id: 'acme', name: 'ACME' })).status).toBe(201);
    otherOrgProject = await createProject({ userId: ids['rival'], orgId: 'acme', role: 'owner' }, 'Secret');
  });

  afterAll(async () => {
    await db?.close();
    await nats?.close();
    await gateway?.close();
    await records?.close();
  });

  describe('roles', () => {
    it.each(['admin', ...roles])('gives %s the actions of its role in the project', async (who) => {
      const role = who === 'admin' ? 'owner' : (who as ProjectRole);
      const res = await as[who]!.get(`/api/v1/projects/${project}/access`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ projectId: project, orgId: 'local', role, actions: allowedActions(role) });
    });

    it.each([
      // [who, method, path suffix, body, expected status]
      ['engineer', 'PUT', 'members/OUTSIDER', { role: 'expert' }, 403],
      ['expert', 'GET', 'members', undefined, 403],
      ['annotator', 'GET', 'members', undefined, 403],
      ['engineer', 'GET', 'members', undefined, 200],
      ['engineer', 'GET', 'audit', undefined, 403],
      ['expert', 'POST', 'assignments', { userId: 'ANNOTATOR', kind: 'session', targetId: 's1' }, 403],
      ['annotator', 'DELETE', 'members/EXPERT', undefined, 403],
      ['admin', 'GET', 'audit', undefined, 200],
    ])('%s: %s %s %p -> %s', async (who, method, suffix, body, status) => {
      const path = `/api/v1/projects/${project}/${suffix.replace('OUTSIDER', ids['outsider'] ?? '').replace('EXPERT', ids['expert'] ?? '')}`;
      const withIds = body && 'userId' in body ? { ...body, userId: ids['annotator'] } : body;
      const res = await as[who]!.request(method, path, withIds === undefined ? {} : { body: withIds });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^the role "\w+" may not [\w.-]+ in project/) });
    });

    it('hides the project from organization members without a role in it (404)', async () => {
      const res = await as['outsider']!.get(`/api/v1/projects/${project}/access`);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: `project ${project} not found` });
    });

    it('grants roles only to members of the organization', async () => {
      const res = await as['admin']!.request('PUT', `/api/v1/projects/${project}/members/${ids['rival']}-nobody`, { body: { role: 'expert' } });
      expect(res.status).toBe(404);
      const bad = await as['admin']!.request('PUT', `/api/v1/projects/${project}/members/${ids['outsider']}`, { body: { role: 'boss' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.message).toMatch(/body\.role/);
    });

    it('lists members with their roles, organization admins as owners', async () => {
      const res = await as['engineer']!.get(`/api/v1/projects/${project}/members`);
      const members = res.as<{ members: { user: { id: string }; role: string; source: string }[] }>().members;
      expect(members.map((m) => [m.user.id, m.role, m.source]).sort()).toEqual(
        [
          [ids['admin'], 'owner', 'org-admin'],
          [ids['engineer'], 'engineer', 'project'],
          [ids['expert'], 'expert', 'project'],
          [ids['annotator'], 'annotator', 'project'],
        ].sort(),
      );
    });
  });

  describe('across organizations', () => {
    it('answers 404 for another organization\'s project, whatever the caller is there', async () => {
      for (const who of ['admin', 'engineer']) {
        const res = await as[who]!.get(`/api/v1/projects/${otherOrgProject}/members`);
        expect(res.status).toBe(404);
      }
      expect((await as['rival']!.get(`/api/v1/projects/${otherOrgProject}/access`)).body).toMatchObject({ role: 'owner', orgId: 'acme' });
      expect((await as['admin']!.request('PUT', `/api/v1/projects/${otherOrgProject}/members/${ids['engineer']}`, { body: { role: 'owner' } })).status).toBe(404);
    });

    it('answers 404 for an organization the caller is not in and 403 for a member who is no admin', async () => {
      expect((await as['admin']!.get('/api/v1/organizations/acme/members')).status).toBe(404);
      const res = await as['engineer']!.post('/api/v1/organizations/local/members', { email: 'x@example.com', password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toBe('only admins of organization local may do this');
    });
  });

  describe('organization members', () => {
    it('keeps the last admin and drops project roles with the membership', async () => {
      const last = await as['admin']!.request('PATCH', `/api/v1/organizations/local/members/${ids['admin']}`, { body: { role: 'member' } });
      expect(last.status).toBe(409);
      const temp = await as['admin']!.post('/api/v1/organizations/local/members', { email: 'temp@example.com', password: PASSWORD });
      const tempId = temp.as<{ user: { id: string } }>().user.id;
      await as['admin']!.request('PUT', `/api/v1/projects/${project}/members/${tempId}`, { body: { role: 'expert' } });
      const client = new ApiClient(gateway.base);
      await client.login('temp@example.com', PASSWORD);
      expect((await client.get(`/api/v1/projects/${project}/access`)).status).toBe(200);
      expect((await as['admin']!.request('DELETE', `/api/v1/organizations/local/members/${tempId}`)).status).toBe(204);
      expect((await client.get(`/api/v1/projects/${project}/access`)).status).toBe(404);
    });

    it('refuses adding an unknown e-mail without a password, naming it', async () => {
      const res = await as['admin']!.post('/api/v1/organizations/local/members', { email: 'unknown@example.com' });
      expect(res.status).toBe(404);
      expect(res.body.error?.message).toMatch(/unknown@example\.com/);
    });
  });

  describe('assignments', () => {
    it('lets engineers assign static slices; annotators see only their own', async () => {
      const owner: Actor = { userId: ids['admin'] ?? '', orgId: 'local', role: 'owner' };
      const slice = await nats.bus.request(SliceSubjects.create, { name: 'to review', kind: 'STATIC', query: {} }, { actor: owner, projectId: project });
      const dynamic = await nats.bus.request(SliceSubjects.create, { name: 'live', kind: 'DYNAMIC', query: {} }, { actor: owner, projectId: project });
      const created = await as['engineer']!.post(`/api/v1/projects/${project}/assignments`, { userId: ids['annotator'], kind: 'slice', targetId: slice.id });
      expect(created.status).toBe(201);
      const refused = await as['engineer']!.post(`/api/v1/projects/${project}/assignments`, { userId: ids['annotator'], kind: 'slice', targetId: dynamic.id });
      expect(refused.status).toBe(400);
      expect(refused.body.error?.message).toMatch(/dynamic/);
      await as['engineer']!.post(`/api/v1/projects/${project}/assignments`, { userId: ids['expert'], kind: 'slice', targetId: slice.id });

      const mine = (await as['annotator']!.get(`/api/v1/projects/${project}/assignments`)).as<{ assignments: { userId: string }[] }>();
      expect(mine.assignments.map((a) => a.userId)).toEqual([ids['annotator']]);
      const all = (await as['engineer']!.get(`/api/v1/projects/${project}/assignments`)).as<{ assignments: unknown[] }>();
      expect(all.assignments).toHaveLength(2);
    });
  });

  describe('API tokens', () => {
    async function createToken(who: string, body: Record<string, unknown>) {
      return as[who]!.post('/api/v1/tokens', { name: 'ci', scope: 'read', expiresInDays: 30, ...body });
    }

    it('shows the secret once and stores only its SHA-256, found by the prefix', async () => {
      const res = await createToken('engineer', { scope: 'write' });
      expect(res.status).toBe(201);
      const { token, secret } = res.as<{ token: { id: string }; secret: string }>();
      expect(secret).toMatch(new RegExp(`^rfy_${token.id}_[A-Za-z0-9_-]{43}$`));
      const listed = await as['engineer']!.get('/api/v1/tokens');
      expect(listed.text).not.toContain(secret);
      expect(listed.as<{ tokens: { id: string }[] }>().tokens.map((t) => t.id)).toContain(token.id);
      const stored = await db.collection('api_tokens').findOne({ _id: token.id as never });
      expect(stored?.['secretHash']).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(JSON.stringify(await db.collection('api_tokens').find({}).toArray())).not.toContain(secret.split('_').at(-1));

      const api = new ApiClient(gateway.base);
      api.bearer = secret;
      expect((await api.get(`/api/v1/projects/${project}/access`)).body).toMatchObject({ role: 'engineer' });
      // Bearer requests need no CSRF token: nothing is sent by the browser on its own.
      expect((await api.post('/api/v1/organizations', { name: 'Via token' })).status).toBe(201);
    });

    it('refuses unsafe methods with a read token, and other projects with a project token (403)', async () => {
      const res = await createToken('engineer', { scope: 'read', projectId: project });
      const api = new ApiClient(gateway.base);
      api.bearer = res.as<{ secret: string }>().secret;
      expect((await api.get(`/api/v1/projects/${project}/members`)).status).toBe(200);
      const write = await api.post(`/api/v1/projects/${project}/assignments`, { userId: ids['annotator'], kind: 'session', targetId: 'x' });
      expect(write.status).toBe(403);
      expect(write.body.error?.message).toMatch(/read-only/);
      const elsewhere = await api.get(`/api/v1/projects/${otherOrgProject}/access`);
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.error?.message).toBe(`this API token is limited to project ${project}`);
      expect((await api.get('/api/v1/organizations/local/members')).status).toBe(403);
    });

    it('gives project tokens only to roles that may create them', async () => {
      const res = await createToken('expert', { projectId: project });
      expect(res.status).toBe(403);
      expect((await createToken('engineer', { projectId: otherOrgProject })).status).toBe(404);
    });

    it('rejects revoked, expired, unknown and malformed tokens with 401 saying why', async () => {
      const api = new ApiClient(gateway.base);
      const revoked = (await createToken('expert', {})).as<{ token: { id: string }; secret: string }>();
      expect((await as['expert']!.request('DELETE', `/api/v1/tokens/${revoked.token.id}`)).status).toBe(204);
      expect((await as['engineer']!.request('DELETE', `/api/v1/tokens/${revoked.token.id}`)).status).toBe(404);
      api.bearer = revoked.secret;
      let res = await api.get('/api/v1/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe(`API token ${revoked.token.id} was revoked`);

      const soon = (await createToken('expert', { expiresInDays: undefined, expiresAt: new Date(Date.now() + 1_500).toISOString() })).as<{ secret: string }>();
      api.bearer = soon.secret;
      expect((await api.get('/api/v1/auth/me')).status).toBe(200);
      await expectEventually(
        async () => {
          const expired = await api.get('/api/v1/auth/me');
          expect(expired.status).toBe(401);
          expect(expired.body.error?.message).toMatch(/expired at/);
        },
        { timeoutMs: 6_000, intervalMs: 200 },
      );

      api.bearer = `${revoked.secret.slice(0, -4)}AAAA`;
      res = await api.get('/api/v1/auth/me');
      expect(res.body.error?.message).toBe('invalid API token');
      api.bearer = 'not-a-token';
      res = await api.get('/api/v1/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toMatch(/malformed API token/);
      res = await api.get('/api/v1/auth/me', { authorization: 'Basic abc' });
      expect(res.body.error?.message).toMatch(/Bearer/);
    });

    it('validates expiry and names', async () => {
      for (const body of [{ expiresInDays: 0 }, { expiresInDays: 400 }, { expiresInDays: undefined, expiresAt: '2001-01-01T00:00:00Z' }, { name: '' }, { scope: 'admin' }]) {
        const res = await createToken('engineer', body);
        expect(res.status).toBe(400);
        expect(res.body.error?.message).toMatch(/^body\./);
      }
    });
  });

  describe('the audit log', () => {
    it('records who changed what in the project, newest first, in pages, without secrets', async () => {
      const first = await as['admin']!.get(`/api/v1/projects/${project}/audit?limit=2`);
      expect(first.status).toBe(200);
      const page1 = first.as<{ entries: { id: string; action: string }[]; nextCursor: string }>();
      expect(page1.entries).toHaveLength(2);
      const all = [...page1.entries];
      let cursor: string | null = page1.nextCursor;
      while (cursor) {
        const next: { entries: { id: string; action: string }[]; nextCursor: string | null } = (await as['admin']!.get(`/api/v1/projects/${project}/audit?limit=2&cursor=${cursor}`)).as<{ entries: { id: string; action: string }[]; nextCursor: string | null }>();
        all.push(...next.entries);
        cursor = next.nextCursor;
      }
      expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
      expect([...all.map((e) => e.id)].sort().reverse()).toEqual(all.map((e) => e.id));
      const actions = new Set(all.map((e) => e.action));
      for (const action of ['project.member_set', 'assignment.created', 'token.created']) expect(actions).toContain(action);
      expect(JSON.stringify(all)).not.toMatch(/rfy_|password/i);
    });

    it('records logins, members and tokens per organization for its admins', async () => {
      const res = await as['admin']!.get('/api/v1/organizations/local/audit?limit=200');
      const actions = new Set(res.as<{ entries: { action: string }[] }>().entries.map((e) => e.action));
      for (const action of ['auth.login', 'org.member_added', 'org.member_removed', 'token.revoked']) expect(actions).toContain(action);
      expect((await as['engineer']!.get('/api/v1/organizations/local/audit')).status).toBe(403);
      expect((await as['admin']!.get('/api/v1/organizations/local/audit?limit=0')).status).toBe(400);
    });
  });
});
