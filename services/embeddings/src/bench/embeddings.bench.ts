// Benchmark suite `embeddings`, service level (the embedder, similarity and learner cases are
// @refinery/embedders' and @refinery/learners'): an embedding run over the 32,000 clickbait
// headlines end to end (records read over NATS, fit job, batch jobs, vectors in Mongo) with 1 and
// with 2 worker processes, and similar-record requests through the service (NATS, exact index).
// Real NATS / Redis / FerretDB started here. JSON lines on stdout only; never fails on a number.
// Env: BENCH_EMBEDDINGS_MODEL (tf-idf; a pre-trained model id once a provider is plugged in, which
// also prints the issue's `transformer-1-worker` / `transformer-2-workers` sentences_per_s lines),
// BENCH_EMBEDDINGS_WORKERS ("1,2"), BENCH_EMBEDDINGS_RECORDS (all 32,000).
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AttributeSubjects, EmbeddingSubjects, HealthSubjects, ProjectSubjects, RecordSubjects, SimilaritySubjects, type Actor } from '@refinery/contracts';
import { startInfra } from '@refinery/server-infra';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus } from '@refinery/server-testing';
// The benchmark runs the records service in this process, as the integration tests do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { embeddingsService } from '../embeddings.service-definition.js';
import { runTransformerBench } from '../transformers/bench/transformer-bench.js';

const SUITE = 'embeddings';
const MODEL = process.env['BENCH_EMBEDDINGS_MODEL'] ?? 'tf-idf';
const WORKERS = (process.env['BENCH_EMBEDDINGS_WORKERS'] ?? '1,2').split(',').map(Number);
const RECORDS = Number(process.env['BENCH_EMBEDDINGS_RECORDS'] ?? Infinity);
const BUILTIN = new Set(['tf-idf', 'bag-of-words', 'bag-of-characters']);
const ACTOR: Actor = { userId: 'bench', orgId: 'bench', role: 'owner' };
const HERE = dirname(fileURLToPath(import.meta.url));

const emit = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line, level: 'service' })}\n`);
const note = (message: string): void => void process.stderr.write(`[embeddings bench] ${message}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function clickbaitHeadlines(): string[] {
  const repoRoot = join(HERE, '..', '..', '..', '..');
  const dir = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data'), 'clickbait');
  return ['clickbait_data.gz', 'non_clickbait_data.gz'].flatMap((file) =>
    gunzipSync(readFileSync(join(dir, file)))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-embeddings-'));
const infra = await startInfra({ dataDir });
const services: RunningService[] = [];
const workers: ChildProcess[] = [];
try {
  const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, MONGO_DB_PREFIX: 'bench', HTTP_PORT: '0', LOG_LEVEL: 'warn' };
  services.push(await startService(recordsService, env, []), await startService(embeddingsService, env, ['--role', 'api']));
  const { bus, close } = await testBus(env);
  await expectEventually(() => bus.request(HealthSubjects.embeddings.check, {}), { timeoutMs: 20_000 });
  const texts = clickbaitHeadlines().slice(0, RECORDS);
  const { id: projectId } = await bus.request(ProjectSubjects.create, { name: 'bench embeddings' }, { actor: ACTOR });
  const meta = { actor: ACTOR, projectId, timeoutMs: 60_000 };
  await bus.request(AttributeSubjects.create, { name: 'id', dataType: 'INTEGER', isPrimaryKey: true }, meta);
  await bus.request(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, meta);
  for (let from = 0; from < texts.length; from += 1_000) {
    await bus.request(RecordSubjects.add, { records: texts.slice(from, from + 1_000).map((headline, i) => ({ data: { id: from + i, headline } })) }, meta);
  }
  // Records rebuilds its in-memory projection after the writes; wait for it before timing anything.
  await bus.request(ProjectSubjects.get, {}, meta);
  note(`${texts.length} headlines stored; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`);

  let last = '';
  for (const n of WORKERS) {
    while (workers.length < n) {
      // Each worker on a port of its own, so the run is timed only once every worker is ready.
      const port = await freePort();
      workers.push(spawn(process.execPath, [join(HERE, '..', 'main.js'), '--role', 'worker'], { env: { ...process.env, ...env, HTTP_PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] }));
      await expectEventually(async () => {
        if (!(await fetch(`http://127.0.0.1:${port}/ready`)).ok) throw new Error('worker not ready');
      }, { timeoutMs: 60_000, intervalMs: 200 });
    }
    if (last) await bus.request(EmbeddingSubjects.delete, { embeddingId: last }, meta);
    const t0 = performance.now();
    const created = await bus.request(EmbeddingSubjects.create, { attributeName: 'headline', model: MODEL, dims: 64 }, meta);
    last = created.id;
    let fitted = 0;
    const done = await expectEventually(
      async () => {
        const e = await bus.request(EmbeddingSubjects.get, { embeddingId: created.id }, meta);
        if (e.state === 'FAILED') throw new Error(`run failed: ${e.error?.message}`);
        if (!fitted && (e.state === 'EMBEDDING' || e.state === 'FINISHED')) fitted = performance.now();
        if (e.state !== 'FINISHED') throw new Error(e.state);
        return e;
      },
      { timeoutMs: 600_000, intervalMs: 100 },
    );
    const seconds = (performance.now() - t0) / 1000;
    const fitSeconds = (fitted - t0) / 1000;
    note(`${MODEL} run, ${n} worker(s): ${seconds.toFixed(2)} s for ${done.vectors} records (dims ${done.dims}); read + fit ${fitSeconds.toFixed(2)} s, batches ${(seconds - fitSeconds).toFixed(2)} s`);
    if (!BUILTIN.has(MODEL)) {
      // Embedding throughput of the batches (the fit only reads the texts and fits a PCA on a sample).
      emit({ case: n === 1 ? 'transformer-1-worker' : `transformer-${n}-workers`, metric: 'sentences_per_s', value: round(done.vectors / (seconds - fitSeconds), 1), unit: 'sentences/s', model: MODEL, workers: n });
    }
    emit({ case: `service-run-${MODEL}-clickbait-32k`, metric: 'seconds', value: round(seconds), unit: 's', workers: n, records: done.vectors, fit_seconds: round(fitSeconds), batch_seconds: round(seconds - fitSeconds), load: round(loadavg()[0] ?? 0, 1) });
  }

  // Similar records through the service: NATS request, access check (cached), exact index.
  const { records } = await bus.request(RecordSubjects.sample, { n: 60, seed: 7 }, meta);
  const times: number[] = [];
  for (const [i, r] of records.entries()) {
    const t0 = performance.now();
    await bus.request(SimilaritySubjects.find, { embeddingId: last, recordId: r.id, limit: 100 }, meta);
    if (i >= 10) times.push(performance.now() - t0); // the first ones build the index and the threshold
  }
  note(`similar over NATS: p50 ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`);
  emit({ case: 'service-similar-clickbait-32k-64', metric: 'p50_ms', value: round(median(times)), unit: 'ms', queries: times.length });
  await close();
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
  for (const s of services.reverse()) await s.close().catch(() => undefined);
  await infra.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// transformer-1-worker / transformer-2-workers: real forked workers, one onnxruntime thread each.
await runTransformerBench();
