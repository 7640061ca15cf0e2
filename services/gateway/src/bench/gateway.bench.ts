// Benchmark suite `gateway`: authenticated `GET /api/v1/projects/:id/records?limit=50` (pages of
// the 3,000-record clickbait-initial sample in the default order, walked round-robin) through the
// gateway and the records service, under load from a second process (./load-generator.js, N
// keep-alive connections, exact percentiles); rate limits raised, not switched off, so their cost
// is measured. Target (issue 8): ≥ 500 requests/s with p99 < 150 ms on 2 cores.
// Real NATS / Redis / FerretDB; records, export, heuristics (the sample import hands it the
// heuristics) and the gateway run as processes, as in production. JSON lines on stdout only;
// never fails on a number.
// Env: BENCH_GATEWAY_CONNECTIONS (16), BENCH_GATEWAY_DURATION_S (15), BENCH_GATEWAY_WARMUP_S (3),
// BENCH_GATEWAY_PROFILE=1 (the gateway writes a V8 CPU profile; its folder is printed on stderr).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordSubjects, type Actor } from '@refinery/contracts';
import { ManagedProcess, freePort, startInfra } from '@refinery/server-infra';
import { expectEventually, testBus } from '@refinery/server-testing';
import { startBackends, type BackendProcesses } from '../api/test-support/backend-processes.js';
import { ApiClient } from '../identity/test-support/api-client.js';
import type { LoadResult, LoadSpec } from './load-generator.js';
import { childCpu, cpuBetween } from './process-cpu.js';

const SUITE = 'gateway';
const CASE = 'record-page-load';
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..', '..', '..');
const CONNECTIONS = Number(process.env['BENCH_GATEWAY_CONNECTIONS'] ?? 16);
const DURATION_S = Number(process.env['BENCH_GATEWAY_DURATION_S'] ?? 15);
const WARMUP_S = Number(process.env['BENCH_GATEWAY_WARMUP_S'] ?? 3);
const PROFILE = process.env['BENCH_GATEWAY_PROFILE'] === '1';
const ADMIN = { email: 'bench-admin@example.com', password: 'a long bench admin password' };
const PAGE = 50;

const emit = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);
const note = (message: string): void => void process.stderr.write(`[gateway bench] ${message}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function expectStatus(res: Promise<{ status: number; text: string }>, status: number, what: string): Promise<void> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
}

/** The load generator as a separate process; its one stdout line is the result. */
function runLoadProcess(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((done, fail) => {
    // The spec (with the bearer token) goes by environment, not argv: `ps` shows argv.
    const child = spawn(process.execPath, [join(HERE, 'load-generator.js')], {
      env: { ...process.env, LOAD_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`load generator exited with ${code}`));
      try {
        done(JSON.parse(out) as LoadResult);
      } catch (error) {
        fail(new Error(`load generator printed no result: ${out.slice(0, 200)} (${String(error)})`));
      }
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
const infra = await startInfra({ dataDir });
let backends: BackendProcesses | undefined;
let gateway: ManagedProcess | undefined;
try {
  const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, MONGO_DB_PREFIX: 'bench', REFINERY_NAMESPACE: 'bench' };
  backends = await startBackends(env, ['records', 'export', 'heuristics']);
  const port = await freePort();
  const profileDir = join(dataDir, 'profile');
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  gateway = await ManagedProcess.start({
    name: 'gateway',
    command: process.execPath,
    args: [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), join(REPO_ROOT, 'services', 'gateway', 'dist', 'main.js')],
    env: {
      ...process.env,
      ...env,
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: '/nonexistent',
      AUTH_ADMIN_EMAIL: ADMIN.email,
      AUTH_ADMIN_PASSWORD: ADMIN.password,
      // Raised far above the load (the buckets still run, so their cost is in the figures).
      API_RATE_LIMIT_IP_PER_S: '1000000',
      API_RATE_LIMIT_IP_BURST: '10000000',
      API_RATE_LIMIT_TOKEN_PER_S: '1000000',
      API_RATE_LIMIT_TOKEN_BURST: '10000000',
    },
    logFile: join(dataDir, 'logs', 'gateway.log'),
    port,
    cwd: REPO_ROOT,
    startTimeoutMs: 60_000,
  });
  const base = `http://127.0.0.1:${port}`;

  // The configured admin (created in the background at start) signs in; the browser session
  // imports the sample and creates the read token the load uses, as a user would.
  const admin = new ApiClient(base);
  await expectEventually(() => admin.login(ADMIN.email, ADMIN.password), { timeoutMs: 30_000, intervalMs: 200 });
  const t0 = performance.now();
  const imported = await admin.post('/api/v1/projects/samples', { sampleId: 'clickbait-initial' });
  if (imported.status !== 201) throw new Error(`sample import: HTTP ${imported.status} ${imported.text.slice(0, 500)}`);
  const { projectId } = imported.as<{ projectId: string }>();
  note(`clickbait-initial imported in ${((performance.now() - t0) / 1000).toFixed(1)} s as project ${projectId}`);
  const created = await admin.post('/api/v1/tokens', { name: 'gateway bench', scope: 'read', expiresInDays: 1 });
  if (created.status !== 201) throw new Error(`read token: HTTP ${created.status} ${created.text.slice(0, 500)}`);
  const reader = new ApiClient(base);
  reader.bearer = created.as<{ secret: string }>().secret;
  // A read token may not write: the load really runs as a read-only integration would.
  await expectStatus(reader.post(`/api/v1/projects/${projectId}/records`, { records: [] }), 403, 'write with the read token');

  // Every page's URL, in the default order (the cursor of one page is the last seq of the one before).
  const urls: string[] = [];
  let afterSeq = -1;
  let total = 0;
  for (;;) {
    const url = `${base}/api/v1/projects/${projectId}/records?limit=${PAGE}${afterSeq >= 0 ? `&afterSeq=${afterSeq}` : ''}`;
    const res = await reader.get(url);
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
    const page = res.as<{ records: unknown[]; total: number; nextAfterSeq: number | null }>();
    total = page.total;
    if (page.records.length === PAGE) urls.push(url);
    if (page.nextAfterSeq === null) break;
    afterSeq = page.nextAfterSeq;
  }
  note(`${total} records, ${urls.length} full pages of ${PAGE}; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`);

  // Baseline in the same run: one request at a time, through the gateway and straight over NATS
  // to records (the difference is what the gateway adds: HTTP, auth, access, validation).
  const { bus, close } = await testBus(env);
  const actor: Actor = { userId: 'bench', orgId: 'local', role: 'owner' };
  const viaGateway: number[] = [];
  const viaNats: number[] = [];
  for (let i = 0; i < 300; i++) {
    const url = urls[i % urls.length] ?? '';
    const afterSeqOf = Number(new URL(url).searchParams.get('afterSeq') ?? -1);
    const a = performance.now();
    await expectStatus(reader.get(url), 200, url);
    const b = performance.now();
    await bus.request(RecordSubjects.list, { limit: PAGE, afterSeq: afterSeqOf }, { actor, projectId });
    const c = performance.now();
    if (i >= 50) {
      viaGateway.push(b - a);
      viaNats.push(c - b);
    }
  }
  await close();
  note(`one at a time: gateway p50 ${median(viaGateway).toFixed(2)} ms, records over NATS p50 ${median(viaNats).toFixed(2)} ms`);
  emit({ case: 'record-page-sequential', metric: 'p50_ms', value: round(median(viaGateway)), unit: 'ms', baseline_nats_p50_ms: round(median(viaNats)), requests: viaGateway.length });

  const cpuBefore = childCpu();
  const result = await runLoadProcess({
    urls,
    headers: { authorization: `Bearer ${reader.bearer}`, accept: 'application/json' },
    connections: CONNECTIONS,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
  });
  // Where the time goes: CPU ms per request of each process over the whole load (warm-up included).
  const cpu = { ...cpuBetween(cpuBefore, childCpu()), 'load-generator': result.cpuMs };
  const cpuPerRequest = Object.values(cpu).reduce((x, y) => x + y, 0) / result.allRequests;
  const byProcess = Object.fromEntries(Object.entries(cpu).sort((x, y) => y[1] - x[1]).map(([name, ms]) => [name, round(ms / result.allRequests, 3)]));
  note(`CPU ms per request ${cpuPerRequest.toFixed(2)}: ${JSON.stringify(byProcess)} (${cpus().length} cores → at most ${Math.round((cpus().length * 1000) / cpuPerRequest)} requests/s)`);
  const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
  note(`${result.requests} requests in ${DURATION_S} s over ${CONNECTIONS} connections: ${result.requestsPerS.toFixed(0)}/s, latency ms ${JSON.stringify(result.latencyMs)}`);
  note(`histogram ${JSON.stringify(result.histogram)}${failed ? `; FAILURES ${JSON.stringify(result.failures)}` : ''}`);
  const common = { connections: CONNECTIONS, duration_s: DURATION_S, page: PAGE, records: total, failures: failed, load: round(loadavg()[0] ?? 0, 1) };
  emit({ case: CASE, metric: 'requests_per_s', value: round(result.requestsPerS, 1), unit: 'requests/s', target: 500, ...common });
  emit({ case: CASE, metric: 'cpu_ms_per_request', value: round(cpuPerRequest, 3), unit: 'ms', by_process: byProcess });
  emit({ case: CASE, metric: 'p99_ms', value: round(result.latencyMs.p99), unit: 'ms', target: 150, p50_ms: round(result.latencyMs.p50), p90_ms: round(result.latencyMs.p90), max_ms: round(result.latencyMs.max), ...common });
} finally {
  await gateway?.stop();
  if (PROFILE) note(`gateway CPU profile in ${join(dataDir, 'profile')} (kept)`);
  await backends?.stop();
  await infra.stop();
  if (!PROFILE) rmSync(dataDir, { recursive: true, force: true });
}
