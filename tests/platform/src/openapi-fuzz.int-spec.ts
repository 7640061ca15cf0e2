import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectEventually, testEnv } from '@refinery/server-testing';
import type { RunningService, ServiceDefinition } from '@refinery/server-kit';
import { startService } from '@refinery/server-kit';
import { embeddingsService } from '@refinery/service-embeddings';
import { exportService } from '@refinery/service-export';
import { gatewayService } from '@refinery/service-gateway';
import { heuristicsService } from '@refinery/service-heuristics';
import { recordsService } from '@refinery/service-records';
import { weakSupervisionService } from '@refinery/service-weak-supervision';

/**
 * Schemathesis (Python, from PyPI) lives in a venv outside the repository. A machine without it
 * gets it here, once: `python3 -m venv` + `pip install schemathesis==<pinned>` (needs python3 ≥
 * 3.9 with the venv module and access to PyPI). SCHEMATHESIS_VENV points at an existing venv.
 */
const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = process.env['SCHEMATHESIS_VENV'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'refinery', `schemathesis-${SCHEMATHESIS_VERSION}`);
/** Test cases per operation and phase; a fixed seed keeps the run reproducible (override to explore). */
const MAX_EXAMPLES = process.env['OPENAPI_FUZZ_MAX_EXAMPLES'] ?? '5';
const SEED = process.env['OPENAPI_FUZZ_SEED'] ?? '20261128';
const ADMIN = { email: 'fuzz-admin@example.com', password: 'a long fuzz admin password' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) || 1 : 0, stdout, stderr });
    });
  });
}

/** The `st` binary, installed into the venv first when missing. */
async function schemathesis(): Promise<string> {
  const st = join(VENV, 'bin', 'st');
  if (existsSync(st)) return st;
  await mkdir(join(VENV, '..'), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', VENV]],
    [join(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [command, args] of steps) {
    const r = await run(command, args, 600_000);
    if (r.code !== 0) throw new Error(`installing schemathesis into ${VENV}: ${command} ${args.join(' ')} exited ${r.code}:\n${r.stderr.slice(-3000)}`);
  }
  return st;
}

interface Interaction {
  request: { method: string; uri: string; body?: { string?: string; $base64?: string } };
  response?: { status_code: number; content?: { string?: string; $base64?: string } } | null;
}
interface ScenarioFinished {
  phase: string;
  recorder: { label: string; interactions?: Record<string, Interaction> };
}

const text = (b: { string?: string; $base64?: string } | undefined): string =>
  b?.string ?? (b?.$base64 !== undefined ? Buffer.from(b.$base64, 'base64').toString('utf8') : '');

/** Every request schemathesis sent and what came back, from its NDJSON event log. */
async function interactions(ndjson: string): Promise<{ operation: string; interaction: Interaction }[]> {
  const out: { operation: string; interaction: Interaction }[] = [];
  for (const line of (await readFile(ndjson, 'utf8')).split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const event = (JSON.parse(line) as { ScenarioFinished: ScenarioFinished }).ScenarioFinished;
    for (const interaction of Object.values(event.recorder.interactions ?? {})) out.push({ operation: event.recorder.label, interaction });
  }
  return out;
}

/**
 * The security suite's fuzz pass: schemathesis generates requests (valid and invalid) for every
 * operation of `/api/v1/openapi.json`, authenticated with a write token of an organization
 * admin, and the `not_a_server_error` check fails on any 5xx. Two passes: one with generated
 * path ids (unknown projects, tasks, …) and one pinned to a real imported sample project, so
 * bodies and queries reach the services behind the gateway. Operations that would end the run's
 * own access (revoking its token, deleting the project, demoting the admin) get victims of their
 * own. Every service, real NATS/Redis/FerretDB.
 */
describe('OpenAPI fuzz pass (schemathesis): no 5xx from any operation', () => {
  const running: RunningService[] = [];
  let base: string;
  let dir: string;
  let st: string;
  let token: string;
  /** `[[operations]]` tables that point self-destructive operations at victims. */
  let victims: string;
  let sample: { projectId: string; taskId: string; labelId: string; recordId: string; attributeId: string; listId: string };

  async function api(method: string, path: string, options: { body?: unknown; bearer?: string; session?: { cookie: string; csrf: string } } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
    if (options.session) Object.assign(headers, { cookie: options.session.cookie, 'x-csrf-token': options.session.csrf });
    const res = await fetch(`${base}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const raw = await res.text();
    return { status: res.status, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
  }

  async function must<T>(method: string, path: string, status: number, options: Parameters<typeof api>[2] = {}): Promise<T> {
    const res = await api(method, path, options);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body as T;
  }

  beforeAll(async () => {
    st = await schemathesis();
    const env = testEnv({ AUTH_SCRYPT_COST: '1024', AUTH_LOCKOUT_THRESHOLD: '1000' });
    for (const def of [recordsService, embeddingsService, heuristicsService, weakSupervisionService, exportService] as ServiceDefinition[]) {
      running.push(await startService(def, env, []));
    }
    const gateway = await startService(gatewayService as ServiceDefinition, {
      ...env,
      WEB_DIST_DIR: '/nonexistent',
      AUTH_ADMIN_EMAIL: ADMIN.email,
      AUTH_ADMIN_PASSWORD: ADMIN.password,
      // The fuzzer is one client at full speed: 429s would hide what the routes do.
      API_RATE_LIMIT_IP_PER_S: '0',
      API_RATE_LIMIT_TOKEN_PER_S: '0',
    }, []);
    running.push(gateway);
    base = `http://127.0.0.1:${gateway.port}`;
    dir = await mkdtemp(join(tmpdir(), 'openapi-fuzz-'));

    // The admin (created in the background at start) signs in with a browser session.
    const login = await expectEventually(async () => {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      if (res.status !== 200) throw new Error(`login: ${res.status}`);
      return res;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
    const session = { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('refinery_csrf='))?.slice('refinery_csrf='.length) ?? '' };
    const newToken = (name: string) => must<{ token: { id: string }; secret: string }>('POST', '/api/v1/tokens', 201, { session, body: { name, scope: 'write', expiresInDays: 1 } });
    token = (await newToken('fuzz')).secret;
    const victimToken = (await newToken('fuzz victim')).token.id;
    const victimProject = (await must<{ id: string }>('POST', '/api/v1/projects', 201, { bearer: token, body: { name: 'fuzz victim', orgId: 'local' } })).id;
    const victimUserId = (await must<{ user: { id: string } }>('POST', '/api/v1/organizations/local/members', 201, {
      bearer: token,
      body: { email: 'fuzz-victim@example.com', password: 'a long victim password', role: 'member' },
    })).user.id;

    const imported = await must<{ projectId: string }>('POST', '/api/v1/projects/samples', 201, { bearer: token, body: { sampleId: 'clickbait-initial', orgId: 'local' } });
    const inProject = <T>(path: string) => must<T>('GET', `/api/v1/projects/${imported.projectId}${path}`, 200, { bearer: token });
    const { tasks } = await inProject<{ tasks: { id: string; labels: { id: string }[] }[] }>('/tasks');
    const { records } = await inProject<{ records: { id: string }[] }>('/records?limit=1');
    const { attributes } = await inProject<{ attributes: { id: string }[] }>('/attributes');
    const { lists } = await inProject<{ lists: { id: string }[] }>('/lookup-lists');
    sample = {
      projectId: imported.projectId,
      taskId: tasks[0]?.id ?? '',
      labelId: tasks[0]?.labels[0]?.id ?? '',
      recordId: records[0]?.id ?? '',
      attributeId: attributes[0]?.id ?? '',
      listId: lists[0]?.id ?? '',
    };
    expect(Object.values(sample).every((v) => v !== '')).toBe(true);
    const pin = (method: string, path: string, parameters: Record<string, string>) =>
      `[[operations]]\ninclude-method = "${method}"\ninclude-path = "/api/v1${path}"\nparameters = { ${Object.entries(parameters).map(([k, v]) => `"path.${k}" = "${v}"`).join(', ')} }\n`;
    victims = [
      pin('DELETE', '/tokens/{tokenId}', { tokenId: victimToken }),
      pin('DELETE', '/projects/{projectId}', { projectId: victimProject }),
      pin('PATCH', '/organizations/{orgId}/members/{userId}', { orgId: 'local', userId: victimUserId }),
      pin('DELETE', '/organizations/{orgId}/members/{userId}', { orgId: 'local', userId: victimUserId }),
      pin('PUT', '/projects/{projectId}/members/{userId}', { userId: victimUserId }),
      pin('DELETE', '/projects/{projectId}/members/{userId}', { userId: victimUserId }),
    ].join('\n');
  }, 900_000);

  afterAll(async () => {
    for (const svc of running.reverse()) await svc.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function fuzz(name: string, pinned: Record<string, string>): Promise<void> {
    const config = join(dir, `${name}.toml`);
    const pins = Object.entries(pinned).map(([k, v]) => `"path.${k}" = "${v}"`);
    await writeFile(config, `${pins.length ? `[parameters]\n${pins.join('\n')}\n\n` : ''}${victims}`);
    const ndjson = join(dir, `${name}.ndjson`);
    const r = await run(st, [
      '--config-file', config,
      'run', `${base}/api/v1/openapi.json`,
      '--header', `Authorization: Bearer ${token}`,
      '--checks', 'not_a_server_error',
      '--phases', 'examples,coverage,fuzzing',
      '--max-examples', MAX_EXAMPLES,
      '--seed', SEED,
      '--workers', '2',
      '--request-timeout', '60',
      '--no-color',
      '--report', 'ndjson', '--report-ndjson-path', ndjson,
    ], 1_200_000);
    const seen = existsSync(ndjson) ? await interactions(ndjson) : [];
    const serverErrors = seen.filter((s) => (s.interaction.response?.status_code ?? 0) >= 500);
    const described = serverErrors.slice(0, 20).map(({ operation, interaction: { request, response } }) =>
      `${operation}: ${request.method} ${request.uri} ${text(request.body).slice(0, 500)}\n  → ${response?.status_code} ${text(response?.content).slice(0, 500)}`);
    // Any 5xx (or a run that could not complete) fails with the requests and schemathesis's report.
    expect({ pass: name, serverErrors: described }).toEqual({ pass: name, serverErrors: [] });
    if (r.code !== 0) throw new Error(`schemathesis (${name}) exited ${r.code}:\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-2000)}`);
    // The run kept its access: most operations answered something other than 401/403.
    const operations = new Set(seen.map((s) => s.operation));
    const reached = new Set(seen.filter((s) => ![401, 403].includes(s.interaction.response?.status_code ?? 0)).map((s) => s.operation));
    expect(reached.size).toBeGreaterThanOrEqual(Math.floor(operations.size * 0.9));
    await must('GET', '/api/v1/projects', 200, { bearer: token });
  }

  it('with generated ids (unknown projects, tasks, records, …)', async () => {
    await fuzz('generated-ids', {});
  }, 1_500_000);

  it('pinned to a real sample project (bodies and queries reach the services)', async () => {
    await fuzz('sample-project', sample);
  }, 1_500_000);
});
