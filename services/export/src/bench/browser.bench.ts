// Benchmark suite `browser` (issue 7), export part: a JSON record export of a synthetic 100k-record
// project (two tasks, four heuristics, weak supervision on both, 500 manual labels; see
// bench-project.ts) through the export service, with the export worker in its own process so its
// peak RSS is its own. Records, heuristics and the export service's NATS side run in this process
// on real NATS / Redis / FerretDB started here. Prints JSON lines; never fails on a number.
// Env: BENCH_EXPORT_ROWS (100000), BENCH_EXPORT_RUNS (3).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthSubjects, RecordExportSubjects, type RecordExport } from '@refinery/contracts';
import { startInfra } from '@refinery/server-infra';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, type TestBus } from '@refinery/server-testing';
// The export is a conversation with the records and heuristics services: the bench runs them (as the tests do).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';
import { emit, median, note, round } from './bench-output.js';
import { BenchClient, buildBenchProject, type BenchProject } from './bench-project.js';
import { ExportWorkerProcess, freePort } from './worker-process.js';

const ROWS = Number(process.env['BENCH_EXPORT_ROWS'] ?? 100_000);
const RUNS = Number(process.env['BENCH_EXPORT_RUNS'] ?? 3);
/**
 * The worker's V8 old-space cap (MB) for the reported lines, as a container memory limit gives it
 * (Node sizes its heap from the cgroup limit; this machine has none, and V8 then lets garbage grow
 * to ~400 MB before a full collection). The same runs with an uncapped worker are printed as the
 * diagnostic case `export-json-100k-uncapped-heap`. BENCH_EXPORT_WORKER_HEAP_MB=0: capped runs off.
 */
const WORKER_HEAP_MB = Number(process.env['BENCH_EXPORT_WORKER_HEAP_MB'] ?? 256);

/** Seconds from `prepare` to the export being DONE (polled every 50 ms). */
async function timedExport(c: BenchClient, project: BenchProject): Promise<{ seconds: number; done: RecordExport }> {
  const t0 = performance.now();
  const queued = await c.call(RecordExportSubjects.prepare, { format: 'JSON', tasks: project.tasks }, project.projectId);
  const done = await expectEventually(
    async () => {
      const e = await c.call(RecordExportSubjects.get, { exportId: queued.id }, project.projectId);
      if (e.state === 'FAILED') return e;
      if (e.state !== 'DONE') throw new Error(`export ${e.state}`);
      return e;
    },
    { timeoutMs: 300_000, intervalMs: 50 },
  );
  if (done.state !== 'DONE') throw new Error(`the export failed: ${done.error ?? ''}`);
  return { seconds: (performance.now() - t0) / 1000, done };
}

/** A warm-up export (waits for the worker to be up; not counted), then RUNS timed ones. */
async function measure(c: BenchClient, project: BenchProject, worker: ExportWorkerProcess): Promise<{ seconds: number[]; cpu: number[]; peak: number | null; afterFirst: number | null; done: RecordExport }> {
  const warm = await timedExport(c, project);
  note(`warm-up export: ${round(warm.seconds)} s, ${warm.done.rows} rows, ${round((warm.done.size ?? 0) / 1e6, 1)} MB`);
  const afterFirst = worker.peakRssMb();
  const seconds: number[] = [];
  const cpu: number[] = [];
  let done = warm.done;
  for (let i = 0; i < RUNS; i++) {
    const before = worker.cpuSeconds() ?? 0;
    const r = await timedExport(c, project);
    seconds.push(r.seconds);
    cpu.push((worker.cpuSeconds() ?? 0) - before);
    done = r.done;
  }
  return { seconds, cpu, peak: worker.peakRssMb(), afterFirst, done };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-bench-export-'));
  const infra = await startInfra({ dataDir });
  const services: RunningService[] = [];
  let worker: ExportWorkerProcess | null = null as ExportWorkerProcess | null;
  let client: TestBus | null = null;
  try {
    const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'warn', MONGO_DB_PREFIX: 'benchexport' };
    services.push(await startService(recordsService, { ...env, HTTP_PORT: String(await freePort()) }, []));
    services.push(await startService(heuristicsService, { ...env, HTTP_PORT: String(await freePort()) }, []));
    services.push(await startService(exportService, { ...env, HTTP_PORT: String(await freePort()) }, ['--role', 'api']));
    client = await testBus(env);
    const c = new BenchClient(client);
    for (const s of ['records', 'heuristics', 'export'] as const) await expectEventually(() => c.call(HealthSubjects[s].check, {}), { timeoutMs: 20_000 });

    const t0 = performance.now();
    const project = await buildBenchProject(c, ROWS);
    note(`set-up of ${ROWS} records, 2 tasks, 4 heuristics, weak supervision, 500 manual labels: ${round((performance.now() - t0) / 1000)} s`);

    const startWorker = async (heapMb: number) =>
      (worker = ExportWorkerProcess.start({ ...env, LOG_LEVEL: 'info', HTTP_PORT: String(await freePort()), NODE_OPTIONS: heapMb > 0 ? `--max-old-space-size=${heapMb}` : '' }));
    for (const heapMb of WORKER_HEAP_MB > 0 ? [WORKER_HEAP_MB, 0] : [0]) {
      const w = await startWorker(heapMb);
      const m = await measure(c, project, w);
      await w.stop();
      worker = null;
      const options = heapMb > 0 ? `--max-old-space-size=${heapMb}` : 'none';
      const name = heapMb > 0 || WORKER_HEAP_MB <= 0 ? 'export-json-100k' : 'export-json-100k-uncapped-heap';
      const conditions = { worker_node_options: options, rows: m.done.rows, size_mb: round((m.done.size ?? 0) / 1e6, 1), stored_mb: round((m.done.storedSize ?? 0) / 1e6, 1), load_avg_1m: round(loadavg()[0] ?? 0, 1), columns: 'id, text + 2 tasks × (MANUAL, WEAK_SUPERVISION, confidence) + 4 heuristic columns', runs: RUNS };
      const diagnostic = name === 'export-json-100k' ? {} : { note: 'diagnostic: the same export with the worker heap uncapped' };
      emit({ case: name, metric: 'seconds', value: round(median(m.seconds)), unit: 's', max_s: round(Math.max(...m.seconds)), worker_cpu_s: round(median(m.cpu)), target: 10, ...conditions, ...diagnostic, measured: 'prepare request → export DONE (rows frozen, paged from records over NATS, written into GridFS), median' });
      if (m.peak !== null) {
        emit({ case: name, metric: 'peak_rss_mb', value: round(m.peak, 1), unit: 'MB', after_first_export_mb: m.afterFirst === null ? null : round(m.afterFirst, 1), target: 300, ...conditions, ...diagnostic, measured: 'VmHWM of the export service running as a separate `--role worker` process (boot included), after all runs' });
      } else {
        note('peak RSS not measured: /proc/<pid>/status is not readable here');
      }
    }
  } finally {
    await client?.close();
    await worker?.stop();
    for (const s of services.reverse()) await s.close();
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
