import { identityRoutes } from './openapi/identity-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { expectEventually, testEnv } from '@refinery/server-testing';
import { startGateway, type GatewayUnderTest } from '../identity/test-support/gateway-under-test.js';
import { startBackends, type BackendProcesses } from './test-support/backend-processes.js';
import { addMember, signInAdmin, type ApiClient } from './test-support/api-users.js';

const ADMIN = { email: 'admin@example.com', password: 'the admin password' };
type Client = ApiClient & { userId: string };

interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: string[]; message: string }[] } & Record<string, unknown> };
}

describe('REST API: errors, limits and the OpenAPI document', () => {
  let env: Record<string, string>;
  let backends: BackendProcesses;
  let gateway: GatewayUnderTest;
  let admin: Client;
  let project: string;
  let taskId: string;

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024', AUTH_LOCKOUT_THRESHOLD: '1000' });
    backends = await startBackends(env, ['records']);
    gateway = await startGateway({ ...env, AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password, HTTP_BODY_LIMIT: '2kb', API_UPLOAD_MAX_BYTES: '4096' });
    admin = await signInAdmin(gateway.base, ADMIN.email, ADMIN.password);
    const created = await expectEventually(async () => {
      const res = await admin.post('/api/v1/projects', { name: 'Errors' });
      if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
      return res.as<{ id: string }>();
    });
    project = created.id;
    const task = await admin.post(`/api/v1/projects/${project}/tasks`, { name: 'sentiment', kind: 'CLASSIFICATION', labels: [{ name: 'pos' }, { name: 'neg' }] });
    expect(task.status).toBe(201);
    taskId = task.as<{ id: string }>().id;
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await backends?.stop();
  });

  it('answers 400 naming the field path of the body, the query and the path', async () => {
    const body = await admin.post(`/api/v1/projects/${project}/tasks`, { name: 'x', kind: 'SORTING', labels: [{ name: 'a', color: 'red' }] });
    expect(body.status).toBe(400);
    const error = body.as<ErrorBody>().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.issues?.map((i) => i.path.join('.'))).toEqual(['body.kind', 'body.labels.0.color']);
    expect(error.message).toMatch(/body\.kind: /);

    const query = await admin.get(`/api/v1/projects/${project}/records?limit=lots&withTokens=perhaps`);
    expect(query.status).toBe(400);
    expect(query.as<ErrorBody>().error.details?.issues?.map((i) => i.path.join('.'))).toEqual(['query.limit', 'query.withTokens']);

    const unknown = await admin.get(`/api/v1/projects/${project}/tasks?colour=red`);
    expect(unknown.as<ErrorBody>().error.details?.issues).toEqual([{ path: ['query', 'colour'], message: 'unknown field' }]);

    const clash = await admin.request('PATCH', `/api/v1/projects/${project}/tasks/${taskId}`, { body: { taskId: 'another', name: 'y' } });
    expect(clash.status).toBe(400);
    expect(clash.as<ErrorBody>().error.details?.issues).toEqual([{ path: ['body', 'taskId'], message: `differs from the path (${taskId})` }]);
  });

  it('coerces query parameters by the contract', async () => {
    const add = await admin.post(`/api/v1/projects/${project}/attributes`, { name: 'text', dataType: 'TEXT', isPrimaryKey: false });
    expect(add.status).toBe(201);
    const records = await admin.post(`/api/v1/projects/${project}/records`, { records: ['a b', 'c d', 'e f'].map((text) => ({ data: { text } })) });
    expect(records.status).toBe(201);
    const page = await admin.get(`/api/v1/projects/${project}/records?limit=2&afterSeq=-1&withTokens=true`);
    expect(page.status).toBe(200);
    const body = page.as<{ records: { tokens?: unknown }[]; total: number; nextAfterSeq: number | null }>();
    expect(body.records).toHaveLength(2);
    expect(body.total).toBe(3);
    expect(body.nextAfterSeq).not.toBeNull();
    expect(body.records[0]?.tokens).toBeDefined();
    const rest = await admin.get(`/api/v1/projects/${project}/records?limit=2&afterSeq=${String(body.nextAfterSeq)}`);
    expect(rest.as<{ records: unknown[]; nextAfterSeq: number | null }>()).toMatchObject({ records: [expect.any(Object)], nextAfterSeq: null });
  });

  it('answers 401 without credentials and 404 for another organization’s or an unknown project, never data', async () => {
    const anonymous = await fetch(`${gateway.base}/api/v1/projects/${project}/tasks`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');

    const rival = await addMember(admin, 'local', 'rival@example.com');
    expect((await rival.post('/api/v1/organizations', { id: 'rival-org', name: 'Rival' })).status).toBe(201);
    const theirs = await rival.post('/api/v1/projects', { name: 'Theirs', orgId: 'rival-org' });
    expect(theirs.status).toBe(201);
    const theirId = theirs.as<{ id: string }>().id;
    // The admin of `local` is not in rival-org: its project does not exist for them.
    for (const path of ['', '/tasks', '/records', `/tasks/${taskId}/statistics`]) {
      const res = await admin.get(`/api/v1/projects/${theirId}${path}`);
      expect({ path, status: res.status, code: res.as<ErrorBody>().error.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
      expect(res.text).not.toContain('Theirs');
    }
    expect((await admin.request('DELETE', `/api/v1/projects/${theirId}`)).status).toBe(404);
    expect((await admin.get('/api/v1/projects/no-such-project/tasks')).status).toBe(404);
    const listed = (await admin.get('/api/v1/projects')).as<{ projects: { id: string; role: string }[] }>().projects;
    expect(listed.map((p) => p.id)).toContain(project);
    expect(listed.map((p) => p.id)).not.toContain(theirId);
  });

  it('answers 403 naming the role and the action the policy refuses', async () => {
    const annotator = await addMember(admin, 'local', 'annotator@example.com', { projectId: project, role: 'annotator' });
    const expert = await addMember(admin, 'local', 'expert@example.com', { projectId: project, role: 'expert' });
    const task = await annotator.post(`/api/v1/projects/${project}/tasks`, { name: 'mine', kind: 'CLASSIFICATION' });
    expect(task.status).toBe(403);
    expect(task.as<ErrorBody>().error).toMatchObject({ code: 'FORBIDDEN', details: { role: 'annotator', action: 'tasks.write' } });
    expect((await annotator.get(`/api/v1/projects/${project}/records`)).status).toBe(403);
    expect((await annotator.get(`/api/v1/projects/${project}/tasks`)).status).toBe(200);
    const heuristic = await expert.post(`/api/v1/projects/${project}/heuristics`, { name: 'h', language: 'javascript', code: 'function lf(r) { return "pos"; }', taskId });
    expect(heuristic.status).toBe(403);
    expect((await expert.post(`/api/v1/projects/${project}/slices`, { name: 'all', kind: 'DYNAMIC' })).status).toBe(201);
    // Annotators label only inside their sessions.
    const records = (await admin.get(`/api/v1/projects/${project}/records`)).as<{ records: { id: string }[] }>().records;
    const label = await annotator.request('PUT', `/api/v1/projects/${project}/records/${records[0]?.id ?? ''}/labels/${taskId}`, { body: { labelIds: [] } });
    expect(label.status).toBe(403);
    expect(label.as<ErrorBody>().error.message).toMatch(/sessionId/);
  });

  it('needs the CSRF token on unsafe requests of a cookie session', async () => {
    const browser = new (admin.constructor as new (base: string) => ApiClient)(gateway.base);
    await browser.login(ADMIN.email, ADMIN.password);
    const without = await browser.request('POST', `/api/v1/projects/${project}/slices`, { body: { name: 'no csrf', kind: 'DYNAMIC' }, csrf: false });
    expect(without.status).toBe(403);
    expect(without.as<ErrorBody>().error.code).toBe('CSRF_FAILED');
    expect((await browser.post(`/api/v1/projects/${project}/slices`, { name: 'with csrf', kind: 'DYNAMIC' })).status).toBe(201);
    expect((await browser.get(`/api/v1/projects/${project}/slices`)).status).toBe(200);
  });

  it('answers 413 for bodies over the limits in the error shape', async () => {
    const json = await admin.post(`/api/v1/projects/${project}/records`, { records: [{ data: { text: 'x'.repeat(5_000) } }] });
    expect(json.status).toBe(413);
    expect(json.as<ErrorBody>().error.code).toBe('LIMIT_EXCEEDED');
    const upload = await admin.request('POST', `/api/v1/projects/${project}/uploads?format=CSV`, { raw: `text\n${'y'.repeat(10_000)}\n`, headers: { 'content-type': 'text/csv' } });
    expect(upload.status).toBe(413);
    expect(upload.as<ErrorBody>().error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { maxBytes: 4096 } });
  });

  it('answers 400 for malformed JSON and echoes request ids', async () => {
    const res = await admin.request('POST', `/api/v1/projects/${project}/tasks`, { raw: '{"name": ', headers: { 'x-request-id': 'test-request-0001' } });
    expect(res.status).toBe(400);
    expect(res.as<ErrorBody>().error.code).toBe('VALIDATION_FAILED');
    expect(res.headers.get('x-request-id')).toBe('test-request-0001');
    const ok = await admin.get(`/api/v1/projects/${project}`);
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await fetch(`${gateway.base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0)).toBe(apiRoutes.length + identityRoutes.length);
  });

  it('documents only identity routes that the gateway serves', async () => {
    const unserved: string[] = [];
    for (const route of identityRoutes) {
      const url = `${gateway.base}/api/v1${route.path.replace(/:(\w+)/g, (_, name: string) => `x-${name}`)}`;
      const res = await fetch(url, { method: route.method, redirect: 'manual', ...(route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      const body = (await res.json().catch(() => ({}))) as Partial<ErrorBody>;
      // Nest's own "Cannot GET" 404 has no `error.code`: the route is not there.
      if (res.status >= 400 && body.error?.code === undefined) unserved.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(unserved).toEqual([]);
  });
});

describe('REST API rate limits', () => {
  let env: Record<string, string>;
  let backends: BackendProcesses;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024', AUTH_LOCKOUT_THRESHOLD: '1000' });
    backends = await startBackends(env, ['records']);
    gateway = await startGateway({
      ...env,
      AUTH_ADMIN_EMAIL: ADMIN.email,
      AUTH_ADMIN_PASSWORD: ADMIN.password,
      API_RATE_LIMIT_TOKEN_PER_S: '0.01',
      API_RATE_LIMIT_TOKEN_BURST: '5',
      API_RATE_LIMIT_IP_PER_S: '0.01',
      API_RATE_LIMIT_IP_BURST: '40',
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await backends?.stop();
  });

  it('refuses a token over its budget with 429 and Retry-After, other tokens still pass', async () => {
    const admin = await signInAdmin(gateway.base, ADMIN.email, ADMIN.password);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await admin.get('/api/v1/projects')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await admin.get('/api/v1/projects');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.as<ErrorBody>().error.code).toBe('LIMIT_EXCEEDED');
    const other = await signInAdmin(gateway.base, ADMIN.email, ADMIN.password);
    expect((await other.get('/api/v1/projects')).status).toBe(200);
  });

  it('refuses an IP over its budget whatever the credential', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${gateway.base}/api/v1/projects`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
