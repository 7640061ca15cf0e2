import { expectEventually, testEnv } from '@refinery/server-testing';
import { startGateway, type GatewayUnderTest } from '../identity/test-support/gateway-under-test.js';
import { startBackends, type BackendProcesses } from './test-support/backend-processes.js';
import { signInAdmin, type ApiClient } from './test-support/api-users.js';

const ADMIN = { email: 'admin@example.com', password: 'the admin password' };

const HEADLINES = [
  ['1', 'You will not believe what happened next'],
  ['2', 'Parliament passes the budget for 2027'],
  ['3', 'This one trick will change your life'],
  ['4', 'Central bank keeps interest rates unchanged'],
  ['5', 'You will never guess who won'],
  ['6', 'Storm closes schools across the region'],
];
const CSV = `id,headline\n${HEADLINES.map(([id, text]) => `${id},"${text}"`).join('\n')}\n`;

interface Task {
  id: string;
  labels: { id: string; name: string }[];
}

/** The quickstart's path through HTTP only: every call is a route of the table. */
describe('REST API: a project from upload to weak supervision and export', () => {
  let env: Record<string, string>;
  let backends: BackendProcesses;
  let gateway: GatewayUnderTest;
  let api: ApiClient;
  let project: string;
  let task: Task;
  const path = (rest: string) => `/api/v1/projects/${project}${rest}`;

  beforeAll(async () => {
    env = testEnv({ AUTH_SCRYPT_COST: '1024', AUTH_LOCKOUT_THRESHOLD: '1000' });
    backends = await startBackends(env, ['records', 'heuristics', 'weak-supervision', 'export', 'embeddings']);
    gateway = await startGateway({ ...env, AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password });
    api = await signInAdmin(gateway.base, ADMIN.email, ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await gateway?.close();
    await backends?.stop();
  });

  it('creates a project and lists it with the caller’s role', async () => {
    const created = await expectEventually(async () => {
      const res = await api.post('/api/v1/projects', { name: 'Clickbait', description: 'headlines' });
      if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
      return res.as<{ id: string; orgId: string }>();
    });
    project = created.id;
    expect(created.orgId).toBe('local');
    const list = (await api.get('/api/v1/projects')).as<{ projects: { id: string; role: string }[] }>();
    expect(list.projects).toEqual([expect.objectContaining({ id: project, role: 'owner' })]);
  });

  it('uploads a CSV streamed as the request body and imports it', async () => {
    const res = await api.request('POST', path('/uploads?primaryKey=id'), { raw: CSV, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(202);
    const upload = res.as<{ id: string; format: string; receivedBytes: number }>();
    expect(upload).toMatchObject({ format: 'CSV', receivedBytes: Buffer.byteLength(CSV) });
    const done = await expectEventually(async () => {
      const state = (await api.get(path(`/uploads/${upload.id}`))).as<{ state: string; result: { created: number } | null }>();
      if (state.state !== 'COMPLETED') throw new Error(`upload ${state.state}`);
      return state;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    expect(done.result?.created).toBe(HEADLINES.length);
    expect((await api.get(path(''))).as<{ recordCount: number }>().recordCount).toBe(HEADLINES.length);
  });

  it('creates a task, labels records by hand and browses them', async () => {
    const created = await api.post(path('/tasks'), { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'yes' }, { name: 'no' }] });
    expect(created.status).toBe(201);
    task = created.as<Task>();
    const renamed = await api.request('PATCH', path(`/labels/${task.labels[1]?.id ?? ''}`), { body: { name: 'not clickbait' } });
    expect(renamed.as<{ name: string }>().name).toBe('not clickbait');
    const records = (await api.get(path('/records?limit=100'))).as<{ records: { id: string; key: string }[] }>().records;
    const yes = task.labels[0]?.id ?? '';
    const no = task.labels[1]?.id ?? '';
    const chosen = new Map<string, string>();
    for (const [i, record] of records.entries()) {
      const label = i % 2 === 0 ? yes : no;
      chosen.set(record.id, label);
      const res = await api.request('PUT', path(`/records/${record.id}/labels/${task.id}`), { body: { labelIds: [label] } });
      expect(res.status).toBe(200);
    }
    const first = records[0]?.id ?? '';
    const labels = (await api.get(path(`/records/${first}/labels?taskId=${task.id}`))).as<{ reference: { labelIds: string[] }[] }>();
    expect(labels.reference[0]?.labelIds).toEqual([chosen.get(first)]);
    const page = await api.post(path('/browser/query'), { page: { limit: 2, cursor: null } });
    expect(page.status).toBe(200);
    expect(page.as<{ records: unknown[]; total: number; nextCursor: string | null }>()).toMatchObject({ total: HEADLINES.length, nextCursor: expect.any(String) });
  });

  it('creates a labeling function, tries it, runs it and combines it by weak supervision', async () => {
    const code = 'function lf(record) { return /you|trick/i.test(record.headline) ? "yes" : "not clickbait"; }';
    const preview = await api.post(path('/heuristics/preview/sample'), { source: { code, language: 'javascript', taskId: task.id }, n: 3, seed: 1 });
    expect(preview.status).toBe(200);
    expect(preview.as<{ codeError: string | null; records: unknown[] }>()).toMatchObject({ codeError: null, records: expect.any(Array) });
    const created = await api.post(path('/heuristics'), { name: 'you or trick', language: 'javascript', code, taskId: task.id });
    expect(created.status).toBe(201);
    const heuristicId = created.as<{ id: string }>().id;
    const started = await api.post(path('/heuristic-runs'), { heuristicIds: [heuristicId] });
    expect(started.status).toBe(202);
    const run = await expectEventually(async () => {
      const h = (await api.get(path(`/heuristics/${heuristicId}`))).as<{ lastRun: { state: string; counts: { hits: number } } | null }>();
      if (h.lastRun?.state !== 'succeeded') throw new Error(`run ${h.lastRun?.state ?? 'pending'}`);
      return h.lastRun;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(run.counts.hits).toBe(HEADLINES.length);
    const runs = (await api.get(path(`/heuristics/${heuristicId}/runs?limit=5`))).as<{ runs: unknown[] }>();
    expect(runs.runs).toHaveLength(1);

    const ws = await api.post(path('/weak-supervision/runs'), { taskId: task.id, model: 'majority-vote' });
    expect(ws.status).toBe(202);
    const wsId = ws.as<{ id: string }>().id;
    const finished = await expectEventually(async () => {
      const r = (await api.get(path(`/weak-supervision/runs/${wsId}`))).as<{ state: string; summary: { written: number } | null }>();
      if (r.state !== 'COMPLETED') throw new Error(`ws run ${r.state}`);
      return r;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(finished.summary?.written).toBe(HEADLINES.length);
    const stats = await expectEventually(async () => {
      const res = await api.get(path(`/tasks/${task.id}/statistics`));
      if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
      return res.as<{ heuristics: { sourceId: string }[] }>();
    }, { timeoutMs: 30_000, intervalMs: 250 });
    expect(stats.heuristics.map((h) => h.sourceId)).toContain(heuristicId);
    const models = (await api.get('/api/v1/weak-supervision/models')).as<{ models: { name: string }[] }>();
    expect(models.models.map((m) => m.name)).toContain('majority-vote');
  });

  it('embeds an attribute and finds similar records (query parameters coerced by the contract)', async () => {
    const created = await api.post(path('/embeddings'), { attributeName: 'headline', model: 'tf-idf', dims: 4 });
    expect(created.status).toBe(202);
    const embeddingId = created.as<{ id: string }>().id;
    await expectEventually(async () => {
      const state = (await api.get(path(`/embeddings/${embeddingId}`))).as<{ state: string; error: unknown }>();
      if (state.state !== 'FINISHED') throw new Error(`embedding ${state.state} ${JSON.stringify(state.error)}`);
    }, { timeoutMs: 60_000, intervalMs: 250 });
    const records = (await api.get(path('/records?limit=1'))).as<{ records: { id: string }[] }>().records;
    const similar = await api.get(path(`/embeddings/${embeddingId}/similar/${records[0]?.id ?? ''}?limit=3&threshold=none`));
    expect(similar.status).toBe(200);
    const body = similar.as<{ hits: { id: string }[]; threshold: number | null }>();
    expect(body.hits).toHaveLength(3);
    expect(body.threshold).toBeNull();
    const bad = await api.get(path(`/embeddings/${embeddingId}/similar/${records[0]?.id ?? ''}?threshold=close`));
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^query\.threshold: /);
  });

  it('exports the records and streams the file', async () => {
    const prepared = await api.post(path('/exports'), { format: 'CSV' });
    expect(prepared.status).toBe(202);
    const exportId = prepared.as<{ id: string }>().id;
    await expectEventually(async () => {
      const state = (await api.get(path(`/exports/${exportId}`))).as<{ state: string }>().state;
      if (state !== 'DONE') throw new Error(`export ${state}`);
    }, { timeoutMs: 30_000, intervalMs: 200 });
    const done = (await api.get(path(`/exports/${exportId}`))).as<{ size: number; storedSize: number; contentEncoding: string | null }>();
    const url = `${gateway.base}${path(`/exports/${exportId}/download`)}`;
    // fetch asks for gzip and decodes it: the stored bytes on the wire, the file after decoding.
    const res = await fetch(url, { headers: { authorization: `Bearer ${api.bearer ?? ''}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(res.headers.get('content-encoding')).toBe(done.contentEncoding);
    expect(Number(res.headers.get('content-length'))).toBe(done.storedSize);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(done.size);
    expect(text.split(/\r?\n/)[0]).toContain('headline');
    expect(text).toContain('Parliament passes the budget for 2027');
    // A client that does not take gzip gets the file decoded by the gateway.
    const plain = await api.get(path(`/exports/${exportId}/download`), { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.text).toBe(text);
  });

  it('moves the whole project through a snapshot: export, download, upload, import', async () => {
    const exported = await api.post(path('/snapshots'), {});
    expect(exported.status).toBe(201);
    const archive = exported.as<{ archive: { archiveId: string; bytes: number } }>().archive;
    const download = await fetch(`${gateway.base}${path(`/snapshots/${archive.archiveId}/download`)}`, { headers: { authorization: `Bearer ${api.bearer ?? ''}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(archive.bytes);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const uploaded = await fetch(`${gateway.base}/api/v1/snapshots/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.bearer ?? ''}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    const copy = (await uploaded.json()) as { archiveId: string; bytes: number; origin: string };
    expect(copy).toMatchObject({ bytes: bytes.length, origin: 'upload' });
    const imported = await api.post('/api/v1/projects/import', { archiveId: copy.archiveId, name: 'Clickbait copy' });
    expect(imported.status).toBe(201);
    const newProject = imported.as<{ projectId: string }>().projectId;
    const details = (await api.get(`/api/v1/projects/${newProject}`)).as<{ name: string; recordCount: number; taskCount: number }>();
    expect(details).toMatchObject({ name: 'Clickbait copy', recordCount: HEADLINES.length, taskCount: 1 });
    const listed = (await api.get('/api/v1/projects')).as<{ projects: { id: string; role: string }[] }>().projects;
    expect(listed.find((p) => p.id === newProject)?.role).toBe('owner');
  });

  it('streams an upload larger than one chunk into records', async () => {
    const rows = Array.from({ length: 18_000 }, (_, i) => `${i},"headline number ${i} with some padding text to make it longer"`);
    const csv = `id,headline\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(2 * 512 * 1024);
    const created = (await api.post('/api/v1/projects', { name: 'Large upload' })).as<{ id: string }>().id;
    const res = await api.request('POST', `/api/v1/projects/${created}/uploads?format=CSV&primaryKey=id`, { raw: csv, headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(202);
    expect(res.as<{ chunks: number; receivedBytes: number }>()).toMatchObject({ chunks: 3, receivedBytes: Buffer.byteLength(csv) });
    const uploadId = res.as<{ id: string }>().id;
    const done = await expectEventually(async () => {
      const state = (await api.get(`/api/v1/projects/${created}/uploads/${uploadId}`)).as<{ state: string; result: { created: number } | null }>();
      if (state.state !== 'COMPLETED') throw new Error(`upload ${state.state}`);
      return state;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(done.result?.created).toBe(rows.length);
  });

  it('creates a project from a refinery sample', async () => {
    const res = await api.post('/api/v1/projects/samples', { sampleId: 'clickbait-initial', name: 'Sample' });
    expect(res.status).toBe(201);
    const result = res.as<{ projectId: string; counts: { records: number } }>();
    expect(result.counts.records).toBeGreaterThan(1_000);
    const details = (await api.get(`/api/v1/projects/${result.projectId}`)).as<{ name: string; recordCount: number }>();
    expect(details).toEqual(expect.objectContaining({ name: 'Sample', recordCount: result.counts.records }));
  });

  it('records the changes in the project’s audit log', async () => {
    const audit = await api.get(path('/audit'));
    expect(audit.status).toBe(200);
    const actions = audit.as<{ entries: { action: string }[] }>().entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['task.created', 'labels.set', 'heuristic.created', 'heuristic_run.started', 'weak_supervision.run_started']));
  });

  it('records the outcomes of that work from the services’ events, in the name of who started it', async () => {
    const me = (await api.get('/api/v1/auth/me')).as<{ user: { id: string } }>();
    const entries = await expectEventually(async () => {
      const page = (await api.get(path('/audit?limit=200'))).as<{ entries: { action: string; actor: { userId: string; via: string }; target: { type: string } | null; details: Record<string, unknown> }[] }>();
      const byAction = new Map(page.entries.map((e) => [e.action, e]));
      for (const action of ['upload.completed', 'heuristic_run.succeeded', 'weak_supervision_run.completed', 'embedding.finished']) {
        if (!byAction.has(action)) throw new Error(`no ${action} yet in ${[...byAction.keys()].join(', ')}`);
      }
      return byAction;
    });
    for (const action of ['upload.completed', 'heuristic_run.succeeded', 'weak_supervision_run.completed', 'embedding.finished']) {
      expect(entries.get(action)?.actor).toEqual({ userId: me.user.id, via: 'system' });
    }
    expect(entries.get('upload.completed')).toMatchObject({ target: { type: 'upload' }, details: { created: HEADLINES.length } });
    expect(entries.get('heuristic_run.succeeded')).toMatchObject({ target: { type: 'heuristic' }, details: { counts: { records: HEADLINES.length } } });
    // One entry per outcome (the gateway replicas share one queue group for these events).
    const page = (await api.get(path('/audit?limit=200'))).as<{ entries: { action: string }[] }>();
    expect(page.entries.filter((e) => e.action === 'heuristic_run.succeeded')).toHaveLength(1);
  });
});
