// The local stack: infrastructure (unless NATS_URL / REDIS_URL / MONGO_URL are set), every
// service and the web app (served by the gateway). Data lives under REFINERY_DATA_DIR (.data).
// Ctrl-C stops everything. Run through `npm start`, which bootstraps and builds first.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startInfra, assertPortFree, tail } from '@refinery/server-infra';
import { ExportSnapshotSubjects, refinerySampleIds } from '@refinery/contracts';
import { NatsBus, NatsConnectionManager } from '@refinery/server-nats';
import pino from 'pino';

const root = new URL('..', import.meta.url).pathname;
const env = process.env;
const dataDir = env.REFINERY_DATA_DIR ?? join(root, '.data');
const num = (name, fallback) => Number(env[name] ?? fallback);
const gatewayPort = num('REFINERY_PORT', 8080);
/** set at start (localAdmin) */
let admin;
const services = [
  ['records', num('REFINERY_RECORDS_PORT', 3001)],
  ['embeddings', num('REFINERY_EMBEDDINGS_PORT', 3002)],
  ['heuristics', num('REFINERY_HEURISTICS_PORT', 3003)],
  ['weak-supervision', num('REFINERY_WEAK_SUPERVISION_PORT', 3004)],
  ['export', num('REFINERY_EXPORT_PORT', 3005)],
  ['gateway', gatewayPort],
];

const t0 = Date.now();
const children = new Map();
let infra;
let stopping = false;

function say(msg) {
  process.stdout.write(`[refinery] ${msg}\n`);
}

async function main() {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  for (const [name, port] of services) await assertPortFree(port, `${name} service`);
  infra = await startInfra({
    dataDir,
    persistRedis: true,
    ports: {
      nats: num('REFINERY_NATS_PORT', 4222),
      redis: num('REFINERY_REDIS_PORT', 6379),
      mongo: num('REFINERY_MONGO_PORT', 27017),
    },
    external: { natsUrl: env.NATS_URL, redisUrl: env.REDIS_URL, mongoUrl: env.MONGO_URL },
  });
  say(`infrastructure: ${infra.natsUrl} ${infra.redisUrl} ${infra.mongoUrl} (data in ${dataDir})`);
  admin = localAdmin();
  for (const [name, port] of services) startService(name, port);
  const health = await waitHealthy(`http://127.0.0.1:${gatewayPort}/api/v1/health`, 90_000);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  say(
    `platform ${health} in ${seconds}s — open http://localhost:${gatewayPort}  (logs: ${join(dataDir, 'logs')}; Ctrl-C stops)`,
  );
  if (admin.generated) say(`sign in as ${admin.email}; the password is in ${admin.file} (e.g. npx refinery login --email ${admin.email} --password-stdin < ${admin.file})`);
  await importSamples();
}

/**
 * The sample projects (refinery snapshots from REFINERY_SAMPLES_DIR, see services/export), imported
 * through the export service into the organization `local` on the first start; a project that
 * exists already is kept. REFINERY_SAMPLES: comma-separated sample ids, `all`, or `none`
 * (default: clickbait-initial,clickbait).
 */
async function importSamples() {
  const wanted = env.REFINERY_SAMPLES ?? 'clickbait-initial,clickbait';
  if (wanted === 'none') return;
  const ids = wanted === 'all' ? [...refinerySampleIds] : wanted.split(',').map((s) => s.trim()).filter(Boolean);
  const connection = new NatsConnectionManager({ url: infra.natsUrl, name: 'stack-samples', logger: pino({ level: 'silent' }), logIntervalMs: 60_000 });
  await connection.waitConnected();
  const bus = new NatsBus(connection);
  const actor = { userId: 'local-admin', orgId: 'local', role: 'owner' };
  try {
    for (const sampleId of ids) {
      try {
        // The quickstart's names: "clickbait – initial" and "clickbait" (both snapshots carry one name).
        const base = sampleId.replace(/-initial$/, '').replaceAll('-', ' ');
        const name = sampleId.endsWith('-initial') ? `${base} – initial` : base;
        const result = await bus.request(ExportSnapshotSubjects.importRefinery, { sampleId, name }, { actor });
        say(`sample project "${name}" imported: ${result.counts.records} records (organization "local")`);
      } catch (error) {
        const code = error?.code;
        if (code === 'CONFLICT' && /already exists/.test(error?.message ?? '')) say(`sample project "${sampleId}" is already there`);
        else say(`sample project "${sampleId}" not imported: ${error?.message ?? error}`);
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * The local stack's administrator (organization `local`, owner of the sample projects):
 * AUTH_ADMIN_EMAIL / AUTH_ADMIN_PASSWORD when set, else admin@refinery.local with a password
 * generated on the first start and kept in <data dir>/admin-password (mode 0600, never printed).
 */
function localAdmin() {
  if (env.AUTH_ADMIN_EMAIL && env.AUTH_ADMIN_PASSWORD) return { email: env.AUTH_ADMIN_EMAIL, password: env.AUTH_ADMIN_PASSWORD, generated: false };
  const file = join(dataDir, 'admin-password');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  return { email: 'admin@refinery.local', password: readFileSync(file, 'utf8').trim(), generated: true, file };
}

function startService(name, port) {
  const logFile = join(dataDir, 'logs', `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    [join(root, 'services', name, 'dist', 'main.js'), '--role', 'all'],
    {
      env: {
        ...env,
        HTTP_PORT: String(port),
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        MONGO_URL: infra.mongoUrl,
        LOG_LEVEL: env.LOG_LEVEL ?? 'info',
        ...(name === 'gateway' ? { AUTH_ADMIN_EMAIL: admin.email, AUTH_ADMIN_PASSWORD: admin.password } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.set(name, child);
  // Every line goes to the service's log file; warnings and errors also reach the terminal.
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      let level = 'error';
      try {
        level = JSON.parse(line).level ?? 'info';
      } catch {
        /* not JSON: a crash message, show it */
      }
      if (level === 'warn' || level === 'error' || level === 'fatal')
        process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); last log lines:\n${tail(logFile, 15)}`);
    void shutdown(1);
  });
}

async function waitHealthy(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      const body = await res.json();
      if (body.status === 'ok') return 'ready';
      last = body.services
        .filter((s) => s.status !== 'ok')
        .map((s) => `${s.service}: ${s.status}`)
        .join(', ');
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`platform not healthy after ${timeoutMs / 1000}s: ${last}`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  const exits = [...children.values()].map(
    (child) =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 12_000).unref();
      }),
  );
  await Promise.all(exits);
  await infra?.stop();
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  process.stderr.write(`[refinery] cannot start: ${error.message}\n`);
  void shutdown(1);
});
