#!/usr/bin/env node
// Benchmarks FerretDB 1.24.2 on its SQLite and PostgreSQL backends with "browser-shaped" record
// queries. Measurements: one JSON line each on stdout; diagnostics on stderr. See FERRETDB.md.
//   node scripts/bench/ferretdb-backends.mjs            (after `source scripts/env.sh`)
// Env: FERRETDB_BENCH_DOCS (100000), FERRETDB_BENCH_REPS (20), FERRETDB_BIN,
//      FERRETDB_BENCH_BACKENDS (sqlite,postgresql; a "-nested" suffix adds
//      --test-enable-nested-pushdown), FERRETDB_BENCH_KEEP=1 keeps the temp dirs,
//      FERRETDB_BENCH_BUDGET_S (90: stop repeating a case after this long, min 3 reps),
//      FERRETDB_BENCH_MIN_REPS (3), FERRETDB_BENCH_WARMUP=0 skips warm-up runs,
//      FERRETDB_BENCH_BULK_CHUNK (40: updateOne ops per bulkWrite call, see FERRETDB.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';

const N = Number(process.env.FERRETDB_BENCH_DOCS || 100_000);
const REPS = Number(process.env.FERRETDB_BENCH_REPS || 20);
const BACKENDS = (process.env.FERRETDB_BENCH_BACKENDS || 'sqlite,postgresql').split(',').filter(Boolean);
const BUDGET_MS = Number(process.env.FERRETDB_BENCH_BUDGET_S || 90) * 1000;
const MIN_REPS = Number(process.env.FERRETDB_BENCH_MIN_REPS || 3);
const WARMUP = process.env.FERRETDB_BENCH_WARMUP !== '0';
const BULK_CHUNK = Number(process.env.FERRETDB_BENCH_BULK_CHUNK || 40);
const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PROJECT = 'bench-project';
const log = (...a) => console.error('[bench]', ...a);
const emit = (c, metric, value) =>
  console.log(JSON.stringify({ suite: 'ferretdb', case: c, metric, value: Math.round(value * 1000) / 1000, unit: metric === 'seconds' ? 's' : 'ms' }));
const errors = [];
const cleanups = [];

// ---------- helpers ----------
const freePort = () => new Promise((res, rej) => {
  const s = net.createServer().once('error', rej);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
  return r.stdout;
};
const works = (bin) => bin && fs.existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
let seed = 42; // mulberry32: deterministic data across backends
const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

// The bootstrap's `go install ...@v1.24.2` binary panics at start-up (its embedded
// build/version/version.txt is empty); fall back to a patched local build in /tmp.
function ferretdbBinary() {
  const candidates = [process.env.FERRETDB_BIN, path.join(ROOT, '.tools/bin/ferretdb'), '/tmp/ferretdb-bin/ferretdb'];
  for (const c of candidates) if (works(c)) return c;
  log('no working ferretdb binary (the .tools one panics: empty version.txt); building a patched v1.24.2 in /tmp (~5 min)');
  const modDir = path.join(run('go', ['env', 'GOMODCACHE']).trim(), 'github.com/!ferret!d!b/!ferret!d!b@v1.24.2');
  fs.rmSync('/tmp/ferretdb-src', { recursive: true, force: true });
  fs.cpSync(modDir, '/tmp/ferretdb-src', { recursive: true });
  run('chmod', ['-R', 'u+w', '/tmp/ferretdb-src']);
  fs.writeFileSync('/tmp/ferretdb-src/build/version/version.txt', 'v1.24.2\n');
  run('go', ['build', '-o', '/tmp/ferretdb-bin/ferretdb', './cmd/ferretdb'], { cwd: '/tmp/ferretdb-src', env: { ...process.env, GOFLAGS: '-trimpath' }, stdio: ['ignore', 'inherit', 'inherit'] });
  return '/tmp/ferretdb-bin/ferretdb';
}

// ---------- PostgreSQL throwaway cluster ----------
async function startPostgres() {
  const isRoot = process.getuid() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fdb-bench-pg-'));
  const port = await freePort();
  const as = (bin, args) => (isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]) : run(path.join(PG_BIN, bin), args));
  if (isRoot) run('chown', ['postgres:', dir]);
  const data = path.join(dir, 'data');
  cleanups.push(() => { spawnSync(isRoot ? 'runuser' : path.join(PG_BIN, 'pg_ctl'), [...(isRoot ? ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl')] : []), '-D', data, '-m', 'fast', 'stop']); if (!process.env.FERRETDB_BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true }); });
  as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  as('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB`, 'start']);
  as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'ferretdb']);
  log(`postgres 15 cluster up in ${dir} on port ${port}`);
  return `postgres://postgres@127.0.0.1:${port}/ferretdb`;
}

// ---------- FerretDB ----------
async function startFerret(bin, backend) {
  const handler = backend.replace(/-nested$/, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fdb-bench-${backend}-`));
  const port = await freePort();
  const args = [`--handler=${handler}`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${dir}`, '--log-level=warn'];
  if (handler === 'sqlite') args.push(`--sqlite-url=file:${dir}/`);
  else args.push(`--postgresql-url=${await startPostgres()}`);
  if (backend.endsWith('-nested')) args.push('--test-enable-nested-pushdown');
  const logFile = fs.openSync(path.join(dir, 'ferretdb.log'), 'a');
  const child = spawn(bin, args, { stdio: ['ignore', logFile, logFile] });
  cleanups.unshift(() => { child.kill('SIGTERM'); if (!process.env.FERRETDB_BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true }); });
  const url = `mongodb://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`ferretdb exited: ${fs.readFileSync(path.join(dir, 'ferretdb.log'), 'utf8')}`);
    try { const c = new MongoClient(url, { serverSelectionTimeoutMS: 500 }); await c.db('admin').command({ ping: 1 }); await c.close(); break; } catch { await sleep(200); }
  }
  log(`ferretdb ${backend} up on ${port} (${args.join(' ')})`);
  return url;
}
function cleanup() { while (cleanups.length) { try { cleanups.shift()(); } catch (e) { log('cleanup:', e.message); } } }

// ---------- data ----------
const VOCAB = ('apple river shocking secret doctors hate trick amazing reasons never believe ' +
  'election market budget storm football vaccine climate court police school energy music film ' +
  'science space ocean mountain city village bank price oil gold crypto startup robot health diet ' +
  'sleep coffee travel airline hotel wedding celebrity royal prince queen minister senate war peace ' +
  'treaty border refugee protest strike union salary housing rent mortgage tax pension winter summer ' +
  'flood drought fire earthquake virus study report survey record history museum art book novel ' +
  'poet chef recipe pizza burger garden dog cat horse bird whale shark forest desert island bridge ' +
  'tunnel train car truck bike phone laptop app game player coach team league cup final goal').split(' ');
const CATEGORIES = ['news', 'sports', 'tech', 'lifestyle', 'politics'];
const label = () => { const r = rand(); return r < 0.3 ? 'yes' : r < 0.6 ? 'no' : null; };
function makeDoc(i) {
  const words = Array.from({ length: 10 }, () => pick(VOCAB));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return {
    projectId: PROJECT, generation: 1, running_id: i,
    data: { headline: words.join(' '), category: pick(CATEGORIES), score: rand() * 100, n: Math.floor(rand() * 1000) },
    labels: { clickbait: { manual: label(), ws: label(), wsConfidence: rand() } },
    rnd: rand(),
  };
}

// ---------- benchmark ----------
async function timed(name, reps, fn) {
  try {
    if (WARMUP || reps === 0) await fn(-1); // warm-up (also the single run of one-shot cases)
    const ts = [], t0 = performance.now();
    for (let i = 0; i < reps && (i < MIN_REPS || performance.now() - t0 < BUDGET_MS); i++) { const t = performance.now(); await fn(i); ts.push(performance.now() - t); }
    if (ts.length < reps) log(`${name}: time budget hit, ${ts.length}/${reps} reps`);
    return ts;
  } catch (e) { errors.push(`${name}: ${e.message}`); log(`ERROR ${name}:`, e.message); return null; }
}
const report = (c, ts) => { if (ts) { emit(c, 'p50_ms', pct(ts, 50)); emit(c, 'p95_ms', pct(ts, 95)); } };

async function bench(backend, url) {
  const client = new MongoClient(url, { maxPoolSize: 4 });
  await client.connect();
  try {
    const coll = client.db('refinery_bench').collection('records');
    await coll.drop().catch(() => {});
    seed = 42;
    let t = performance.now();
    await coll.createIndexes([
      { key: { projectId: 1, running_id: 1 }, name: 'project_running_id' },
      { key: { projectId: 1, 'labels.clickbait.ws': 1 }, name: 'project_ws' },
      { key: { projectId: 1, rnd: 1 }, name: 'project_rnd' },
    ]);
    emit(`${backend}-create-indexes`, 'seconds', (performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < N; i += 1000) {
      await coll.insertMany(Array.from({ length: Math.min(1000, N - i) }, (_, k) => makeDoc(i + k)), { ordered: false });
    }
    const loadS = (performance.now() - t) / 1000;
    emit(`${backend}-load`, 'seconds', loadS);
    log(`${backend}: loaded ${N} docs in ${loadS.toFixed(1)} s (${Math.round(N / loadS)} docs/s)`);
    const ids = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    if (ids.length !== N) throw new Error(`expected ${N} docs, found ${ids.length}`);

    const words = ['storm', 'royal', 'pizza', 'crypto', 'whale'];
    const sanity = {};
    const fA = (i) => ({ projectId: PROJECT, 'data.headline': { $regex: words[(i + 5) % 5], $options: 'i' } });
    const fB = { projectId: PROJECT, 'labels.clickbait.manual': 'yes' };
    const two = async (c, find, count) => {
      const tf = [], tc = [], tt = [];
      const ok = await timed(c, REPS, async (i) => {
        const t0 = performance.now(); const page = await find(i); const t1 = performance.now(); const n = await count(i); const t2 = performance.now();
        if (i >= 0) { tf.push(t1 - t0); tc.push(t2 - t1); tt.push(t2 - t0); }
        sanity[c] = `${page.length} rows / ${n} total`;
      });
      if (ok) { report(`${backend}-${c}`, tt); report(`${backend}-${c}-find`, tf); report(`${backend}-${c}-count`, tc); }
    };
    await two('a-regex-sort-limit-count',
      (i) => coll.find(fA(i)).sort({ running_id: 1 }).limit(50).toArray(), (i) => coll.countDocuments(fA(i)));
    await two('b-label-eq-sort-rnd-count',
      () => coll.find(fB).sort({ rnd: 1 }).limit(50).toArray(), () => coll.countDocuments(fB));
    report(`${backend}-c-count-project`, await timed('c', REPS, async () => { sanity.c = await coll.countDocuments({ projectId: PROJECT }); }));
    const skip = Math.min(50_000, Math.max(0, N - 50));
    report(`${backend}-d-skip-${skip}-limit-50`, await timed('d', REPS, async () => {
      const rows = await coll.find({ projectId: PROJECT }).skip(skip).limit(50).toArray(); sanity.d = `${rows.length} rows, first running_id ${rows[0]?.running_id}`;
    }));
    report(`${backend}-e-aggregate-group-ws`, await timed('e', REPS, async () => {
      sanity.e = JSON.stringify(await coll.aggregate([{ $match: { projectId: PROJECT } }, { $group: { _id: '$labels.clickbait.ws', count: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray());
    }));
    report(`${backend}-f-update-one-by-id`, await timed('f', REPS, (i) =>
      coll.updateOne({ _id: ids[Math.floor(rand() * N)] }, { $set: { 'labels.clickbait.manual': i % 2 ? 'yes' : 'no' } })));
    report(`${backend}-f2-update-one-by-project-running_id`, await timed('f2', Math.min(REPS, 10), () =>
      coll.updateOne({ projectId: PROJECT, running_id: Math.floor(rand() * N) }, { $set: { 'labels.clickbait.ws': 'yes' } })));
    const bulkN = Math.min(10_000, N);
    const bulk = await timed('g', 0, async (i) => {
      const ops = ids.slice(0, bulkN).map((_id, k) => ({ updateOne: { filter: { _id }, update: { $set: { 'labels.clickbait.ws': k % 2 ? 'yes' : 'no', 'labels.clickbait.wsConfidence': rand() } } } }));
      const t0 = performance.now(); let matched = 0, done = 0; // chunked: one big update command deadlocks FerretDB 1.24.2
      for (; done < ops.length && performance.now() - t0 < 2 * BUDGET_MS; done += BULK_CHUNK) matched += (await coll.bulkWrite(ops.slice(done, done + BULK_CHUNK), { ordered: false })).matchedCount;
      done = Math.min(done, ops.length);
      const s = ((performance.now() - t0) / 1000) * (ops.length / done); // extrapolated if the budget cut it short
      emit(`${backend}-g-bulkwrite-${bulkN}-updateOne${done < ops.length ? '-extrapolated' : ''}`, 'seconds', s);
      if (done < ops.length) log(`g: budget hit after ${done}/${ops.length} ops; extrapolated ${s.toFixed(1)} s`);
      sanity.g = `matched ${matched} in chunks of ${BULK_CHUNK}`;
    });
    if (bulk) log(`${backend}: bulkWrite done`);
    log(`${backend} loadavg now: ${os.loadavg().map((x) => x.toFixed(1))}`);
    log(`${backend} sanity:`, JSON.stringify(sanity));

    for (const [name, cmd] of [
      ['b', { find: 'records', filter: fB, sort: { rnd: 1 }, limit: 50 }],
      ['a', { find: 'records', filter: fA(0), sort: { running_id: 1 }, limit: 50 }],
      ['c', { count: 'records', query: { projectId: PROJECT } }],
      ['by-id', { find: 'records', filter: { _id: ids[0] } }],
    ]) {
      try {
        const ex = await client.db('refinery_bench').command({ explain: cmd, verbosity: 'queryPlanner' });
        const file = `/tmp/ferretdb-bench-explain-${backend}-${name}.json`;
        fs.writeFileSync(file, JSON.stringify(ex, null, 2));
        log(`explain ${backend} (${name}): filterPushdown=${ex.filterPushdown} sortPushdown=${ex.sortPushdown} limitPushdown=${ex.limitPushdown}` +
          ` plan=${JSON.stringify(ex.queryPlanner).slice(0, 600)} (full: ${file})`);
      } catch (e) { errors.push(`explain ${name}: ${e.message}`); log(`ERROR explain ${backend} ${name}:`, e.message); }
    }
    const idx = await coll.listIndexes().toArray();
    log(`${backend} indexes:`, idx.map((x) => x.name).join(', '));
    // Probe (last: it wedges the server): one update command with 200 updateOne statements.
    const probe = new MongoClient(url);
    try {
      const t0 = performance.now(); let timer;
      await Promise.race([probe.db('refinery_bench').collection('records').bulkWrite(ids.slice(0, 200).map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { probe: 1 } } } }))),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('no reply after 60 s')), 60_000); })]).finally(() => clearTimeout(timer));
      log(`probe ${backend}: unchunked bulkWrite(200 updateOne) OK in ${Math.round(performance.now() - t0)} ms`);
    } catch (e) { log(`probe ${backend}: unchunked bulkWrite(200 updateOne) FAILED/HUNG: ${e.name}: ${e.message}`); }
    finally { await Promise.race([probe.close(true), sleep(2000)]).catch(() => {}); }
  } finally { await Promise.race([client.close(true), sleep(2000)]).catch(() => {}); }
}

// ---------- main ----------
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });
process.on('exit', cleanup);
try {
  const bin = ferretdbBinary();
  log(`ferretdb: ${bin}; docs=${N}; reps=${REPS}; backends=${BACKENDS.join(',')}; cpus=${os.cpus().length}; loadavg=${os.loadavg().map((x) => x.toFixed(1))}`);
  for (const backend of BACKENDS) {
    try { await bench(backend, await startFerret(bin, backend)); } catch (e) { errors.push(`${backend}: ${e.message}`); log(`ERROR ${backend}:`, e.stack); }
    cleanup();
  }
} finally { cleanup(); }
if (errors.length) { log(`${errors.length} error(s):\n  ` + errors.join('\n  ')); process.exitCode = 1; }
