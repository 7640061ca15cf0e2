import { can, projectRoles, type ProjectRole } from '@refinery/contracts';
import { expectEventually, testEnv } from '@refinery/server-testing';
import { startGateway, type GatewayUnderTest } from '../identity/test-support/gateway-under-test.js';
import { apiRoutes } from './routes/api-routes.js';
import type { ApiRoute } from './routes/api-route.js';
import { startBackends, type BackendProcesses } from './test-support/backend-processes.js';
import { addMember, signIn, signInAdmin, type ApiClient } from './test-support/api-users.js';

const ADMIN = { email: 'admin@example.com', password: 'the admin password' };
type Client = ApiClient & { userId: string };

const projectRoutes = apiRoutes.filter((r) => r.scope === 'project');

/** The route's URL for a project, every other path id a placeholder. */
function urlOf(route: ApiRoute, projectId: string): string {
  return `/api/v1${route.path.replace(/:(\w+)/g, (_, name: string) => (name === 'projectId' ? projectId : `x-${name}`))}`;
}

function call(client: ApiClient, route: ApiRoute, projectId: string) {
  return client.request(route.method, urlOf(route, projectId), route.method === 'GET' ? {} : { body: {} });
}

describe('REST API: organizations, roles and assignments on every route', () => {
  let env: Record<string, string>;
  let backends: BackendProcesses;
  let gateway: GatewayUnderTest;
  let admin: Client;
  let project: string;
  const as: Partial<Record<ProjectRole | 'rival', Client>> = {};

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024', AUTH_LOCKOUT_THRESHOLD: '1000' });
    backends = await startBackends(env, ['records']);
    gateway = await startGateway({
      ...env,
      AUTH_ADMIN_EMAIL: ADMIN.email,
      AUTH_ADMIN_PASSWORD: ADMIN.password,
      API_RATE_LIMIT_IP_PER_S: '100000',
      API_RATE_LIMIT_IP_BURST: '100000',
      API_RATE_LIMIT_TOKEN_PER_S: '100000',
      API_RATE_LIMIT_TOKEN_BURST: '100000',
    });
    admin = await signInAdmin(gateway.base, ADMIN.email, ADMIN.password);
    project = await expectEventually(async () => {
      const res = await admin.post('/api/v1/projects', { name: 'Roles' });
      if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
      return res.as<{ id: string }>().id;
    });
    for (const role of ['engineer', 'expert', 'annotator'] as const) as[role] = await addMember(admin, 'local', `${role}@example.com`, { projectId: project, role });
    as.rival = await addMember(admin, 'local', 'rival@example.com');
    expect((await as.rival.post('/api/v1/organizations', { id: 'rival-org', name: 'Rival' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await backends?.stop();
  });

  it('answers 404 on every project route for a project of another organization', async () => {
    const rival = as.rival as Client;
    const statuses = await Promise.all(projectRoutes.map(async (route) => [`${route.method} ${route.path}`, (await call(rival, route, project)).status] as const));
    expect(statuses.filter(([, status]) => status !== 404)).toEqual([]);
  });

  it('answers 403 on every route whose action the role may not perform', async () => {
    const wrong: string[] = [];
    for (const role of projectRoles.filter((r) => r !== 'owner')) {
      const client = as[role] as Client;
      const refused = projectRoutes.filter((route) => route.action !== null && !can(role, route.action));
      const statuses = await Promise.all(refused.map(async (route) => [route, await call(client, route, project)] as const));
      for (const [route, res] of statuses) {
        if (res.status !== 403 || res.body.error?.code !== 'FORBIDDEN') wrong.push(`${role} ${route.method} ${route.path}: ${res.status} ${res.text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never lets an allowed role see a 5xx for placeholder ids', async () => {
    // A project of its own: the table's DELETE deletes it.
    const scratch = (await admin.post('/api/v1/projects', { name: 'Scratch' })).as<{ id: string }>().id;
    const statuses = await Promise.all(projectRoutes.map(async (route) => [`${route.method} ${route.path}`, (await call(admin, route, scratch)).status] as const));
    // Only records runs here: the other services' routes answer 503 UNAVAILABLE, which is right.
    expect(statuses.filter(([, status]) => status >= 500 && status !== 503)).toEqual([]);
  });

  it('lets annotators label inside a session opened from a static slice assigned to them, nothing else', async () => {
    const annotator = as.annotator as Client;
    const base = `/api/v1/projects/${project}`;
    expect((await admin.post(`${base}/attributes`, { name: 'text', dataType: 'TEXT' })).status).toBe(201);
    expect((await admin.post(`${base}/records`, { records: ['one', 'two', 'three'].map((text) => ({ data: { text } })) })).status).toBe(201);
    const task = (await admin.post(`${base}/tasks`, { name: 'topic', kind: 'CLASSIFICATION', labels: [{ name: 'a' }] })).as<{ id: string; labels: { id: string }[] }>();
    const slice = await admin.post(`${base}/slices`, { name: 'assigned', kind: 'STATIC' });
    expect(slice.status).toBe(201);
    const sliceId = slice.as<{ id: string }>().id;
    const others = (await admin.post(`${base}/slices`, { name: 'other', kind: 'STATIC' })).as<{ id: string }>();

    // Not assigned yet: no session from the slice.
    expect((await annotator.post(`${base}/sessions`, { sliceId })).status).toBe(403);
    const assigned = await admin.post(`${base}/assignments`, { userId: annotator.userId, kind: 'slice', targetId: sliceId });
    expect(assigned.status).toBe(201);
    expect((await annotator.post(`${base}/sessions`, { sliceId: others.id })).status).toBe(403);
    const session = await annotator.post(`${base}/sessions`, { sliceId });
    expect(session.status).toBe(201);
    const sessionId = session.as<{ id: string }>().id;
    const recordIds = (await annotator.get(`${base}/sessions/${sessionId}`)).as<{ recordIds: string[] }>().recordIds;
    const recordId = recordIds[0] ?? '';

    const withoutSession = await annotator.request('PUT', `${base}/records/${recordId}/labels/${task.id}`, { body: { labelIds: [task.labels[0]?.id] } });
    expect(withoutSession.status).toBe(403);
    const labelled = await annotator.request('PUT', `${base}/records/${recordId}/labels/${task.id}?sessionId=${sessionId}`, { body: { labelIds: [task.labels[0]?.id] } });
    expect(labelled.status).toBe(200);
    expect((await annotator.get(`${base}/records/${recordId}?sessionId=${sessionId}`)).status).toBe(200);
    // A session of somebody else's is not theirs to label in.
    const engineerSession = (await (as.engineer as Client).post(`${base}/sessions`, {})).as<{ id: string }>();
    const foreign = await annotator.request('PUT', `${base}/records/${recordId}/labels/${task.id}?sessionId=${engineerSession.id}`, { body: { labelIds: [] } });
    expect(foreign.status).toBe(403);
  });

  it('limits a project-scoped token to its project and a read token to reading', async () => {
    const browser = new (admin.constructor as new (base: string) => ApiClient)(gateway.base);
    await browser.login(ADMIN.email, ADMIN.password);
    const other = (await admin.post('/api/v1/projects', { name: 'Other' })).as<{ id: string }>().id;
    const scoped = (await browser.post('/api/v1/tokens', { name: 'one project', scope: 'read', projectId: project, expiresInDays: 1 })).as<{ secret: string }>();
    const client = await signIn(gateway.base, ADMIN.email, ADMIN.password);
    client.bearer = scoped.secret;
    expect((await client.get(`/api/v1/projects/${project}/tasks`)).status).toBe(200);
    expect((await client.get(`/api/v1/projects/${other}/tasks`)).status).toBe(403);
    expect((await client.post(`/api/v1/projects/${project}/tasks`, { name: 'no', kind: 'CLASSIFICATION' })).status).toBe(403);
    expect((await client.get('/api/v1/projects')).as<{ projects: { id: string }[] }>().projects.map((p) => p.id)).toEqual([project]);
  });
});
