// Benchmark suite `records` (issue 3, "Performance"): uploads end to end, one manual label and a
// bulk replacement of heuristic outputs, against the real service (in this process) over NATS on
// real NATS / Redis / FerretDB started here. Prints JSON lines; never fails on a number.
// Env: BENCH_RECORDS_CASES (clickbait,manual,bulk,1m), BENCH_RECORDS_LABEL_N (500),
// BENCH_RECORDS_BIG_ROWS (1000000), BENCH_RECORDS_CAP_SECONDS (300: the 1M upload's time cap).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociationSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  type LabelingTask,
  type RequestContract,
} from '@refinery/contracts';
import { startInfra } from '@refinery/server-infra';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, type TestBus } from '@refinery/server-testing';
import type { z } from 'zod';
import { recordsService } from '../records.service-definition.js';
import { OWNER } from './bench-actor.js';
import { BenchDb } from './bench-db.js';
import { emit, maxRssMb, note, percentile, round } from './bench-output.js';
import { clickbaitCsv, syntheticCsv } from './csv-sources.js';
import { uploadCsv } from './upload-client.js';

const DB_PREFIX = 'bench';
const PIECE_BYTES = 500_000;
const BIG_ROWS = Number(process.env['BENCH_RECORDS_BIG_ROWS'] ?? 1_000_000);
const BIG_CAP_SECONDS = Number(process.env['BENCH_RECORDS_CAP_SECONDS'] ?? 300);
const BULK_ROWS = 100_000;
const BULK_PAGE = 5_000;
const LABEL_ITERATIONS = Number(process.env['BENCH_RECORDS_LABEL_N'] ?? 500);

class Client {
  constructor(readonly t: TestBus) {}
  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null): Promise<z.infer<C['reply']>> {
    return this.t.bus.request(contract, payload, { actor: OWNER, projectId });
  }
  async project(name: string): Promise<string> {
    return (await this.call(ProjectSubjects.create, { name })).id;
  }
  async task(projectId: string, name: string): Promise<LabelingTask> {
    return this.call(TaskSubjects.create, { name, kind: 'CLASSIFICATION', labels: [{ name: 'yes' }, { name: 'no' }] }, projectId);
  }
  /** Every record id of a project in the default order (through the service). */
  async recordIds(projectId: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let afterSeq = -1;
    while (ids.length < limit) {
      const page = await this.call(RecordSubjects.list, { afterSeq, limit: 500 }, projectId);
      ids.push(...page.records.map((r) => r.id));
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    return ids.slice(0, limit);
  }
  /** One page of the default order, timed (the first read of a project loads its state). */
  async listPageMs(projectId: string, limit: number): Promise<number> {
    const t0 = performance.now();
    await this.t.bus.request(RecordSubjects.list, { limit }, { actor: OWNER, projectId, timeoutMs: 120_000 });
    return performance.now() - t0;
  }
}

function labelIds(t: LabelingTask): [string, string] {
  const [a, b] = t.labels;
  if (!a || !b) throw new Error(`task ${t.name} has fewer than two labels`);
  return [a.id, b.id];
}

async function uploadClickbait(c: Client): Promise<string> {
  const { csv, rows } = clickbaitCsv();
  const projectId = await c.project('clickbait');
  const out = await uploadCsv(c.t, projectId, [csv], { capSeconds: 120 });
  emit({ case: 'upload-clickbait-csv', metric: 'seconds', value: round(out.seconds), unit: 's', rows, bytes: out.bytes, target: 5, complete: out.result !== null });
  return projectId;
}

async function manualLabel(c: Client, projectId: string): Promise<void> {
  const task = await c.task(projectId, 'bench-manual');
  const labels = labelIds(task);
  const ids = await c.recordIds(projectId, LABEL_ITERATIONS + 50);
  const classify = (i: number) =>
    c.call(AssociationSubjects.classify, { recordId: ids[i % ids.length] ?? '', taskId: task.id, labelIds: [labels[i % 2] ?? labels[0]] }, projectId);
  for (let i = 0; i < 50; i++) await classify(LABEL_ITERATIONS + i);
  const times: number[] = [];
  for (let i = 0; i < LABEL_ITERATIONS; i++) {
    const t0 = performance.now();
    await classify(i);
    times.push(performance.now() - t0);
  }
  const p50 = percentile(times, 50);
  emit({ case: 'manual-label', metric: 'p50_ms', value: p50, unit: 'ms', n: times.length, p99_ms: percentile(times, 99), target: 10, project_records: 'clickbait 32k' });
}

async function bulkHeuristicOutputs(c: Client, db: BenchDb): Promise<void> {
  const projectId = await c.project('bulk 100k');
  const setup = await uploadCsv(c.t, projectId, syntheticCsv(BULK_ROWS, PIECE_BYTES, 7), { capSeconds: 300 });
  if (!setup.result) throw new Error(`the 100k-record project was not ready after ${round(setup.seconds)} s`);
  note(`100k-record project uploaded in ${round(setup.seconds)} s`);
  const ids = await c.recordIds(projectId, BULK_ROWS);
  const task = await c.task(projectId, 'bench-heuristic');
  const labels = labelIds(task);
  const ref = { source: 'HEURISTIC' as const, sourceId: 'lf-bench', taskId: task.id };
  const replace = async (run: number): Promise<{ seconds: number; count: number }> => {
    const t0 = performance.now();
    const { generation } = await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    const t1 = performance.now();
    for (let i = 0; i < ids.length; i += BULK_PAGE) {
      const items = ids.slice(i, i + BULK_PAGE).map((recordId, j) => ({ recordId, labelId: labels[(i + j + run) % 2] ?? labels[0], confidence: 0.8 }));
      await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
    }
    const t2 = performance.now();
    const { count } = await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
    note(`bulk run ${run}: begin ${round(t1 - t0)} ms, pages ${round(t2 - t1)} ms, commit ${round(performance.now() - t2)} ms`);
    return { seconds: (performance.now() - t0) / 1000, count };
  };
  // The first run writes onto an empty source; the measured one replaces a full 100k set.
  const first = await replace(0);
  const second = await replace(1);
  emit({
    case: 'bulk-heuristic-outputs-100k',
    metric: 'seconds',
    value: round(second.seconds),
    unit: 's',
    n: second.count,
    first_run_seconds: round(first.seconds),
    target: 3,
    baseline: 'bulk-insert-raw-100k',
  });
  const raw = await db.rawInsertSeconds(ids, BULK_PAGE);
  emit({ case: 'bulk-insert-raw-100k', metric: 'seconds', value: round(raw), unit: 's', n: ids.length, ratio_bulk_to_raw: round(second.seconds / raw, 2) });
}

/** Returns false when the time cap was reached (the import is still running). */
async function uploadMillion(c: Client): Promise<boolean> {
  const projectId = await c.project('synthetic 1m');
  let sampledPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 250);
  try {
    const out = await uploadCsv(c.t, projectId, syntheticCsv(BIG_ROWS, PIECE_BYTES), { capSeconds: BIG_CAP_SECONDS });
    const partial = out.result === null;
    const extra = {
      rows: partial ? out.rows : BIG_ROWS,
      bytes: out.bytes,
      rows_per_s: Math.round((partial ? out.rows : BIG_ROWS) / out.seconds),
      ...(partial ? { partial: true, cap_seconds: BIG_CAP_SECONDS } : {}),
    };
    emit({ case: 'upload-1m-csv', metric: 'seconds', value: round(out.seconds), unit: 's', target: 120, ...extra });
    emit({
      case: 'upload-1m-csv',
      metric: 'peak_rss_mb',
      value: maxRssMb(),
      unit: 'MB',
      target: 1024,
      rss_of: 'bench process (records service api + upload worker + client), resourceUsage().maxRSS over the whole run',
      sampled_peak_rss_mb_during_case: round(sampledPeak / 1024 / 1024, 1),
      ...(partial ? { partial: true } : {}),
    });
    return !partial;
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-bench-records-'));
  const infra = await startInfra({ dataDir });
  let svc: RunningService | null = null;
  let client: TestBus | null = null;
  let db: BenchDb | null = null;
  let finished = true;
  try {
    const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'warn', MONGO_DB_PREFIX: DB_PREFIX };
    svc = await startService(recordsService, env, []);
    client = await testBus(env);
    const c = new Client(client);
    db = await BenchDb.open(infra.mongoUrl, `${DB_PREFIX}_records`);
    await expectEventually(() => c.call(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    // One failing case is reported and the others still run.
    const guarded = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
      try {
        return await fn();
      } catch (error) {
        process.exitCode = 1;
        note(`case ${name} failed: ${describe(error)}`);
        return null;
      }
    };
    const only = process.env['BENCH_RECORDS_CASES']?.split(',');
    const want = (name: string) => !only || only.includes(name);
    if (want('clickbait') || want('manual')) {
      const clickbait = await guarded('upload-clickbait-csv', () => uploadClickbait(c));
      if (clickbait) {
        const listMs = await guarded('records-list-500', () => c.listPageMs(clickbait, 500));
        if (listMs !== null) emit({ case: 'records-list-500', metric: 'ms', value: round(listMs), unit: 'ms', project_records: 32_000, note: 'diagnostic: first page of records.list (loads the project state)' });
        const warmMs = await guarded('records-list-500-warm', () => c.listPageMs(clickbait, 500));
        if (warmMs !== null) emit({ case: 'records-list-500-warm', metric: 'ms', value: round(warmMs), unit: 'ms', project_records: 32_000, note: 'diagnostic: a page of records.list once loaded' });
      }
      if (clickbait && want('manual')) await guarded('manual-label', () => manualLabel(c, clickbait));
    }
    if (want('bulk')) await guarded('bulk-heuristic-outputs-100k', () => bulkHeuristicOutputs(c, benchDbOf(db)));
    // Last: its peak RSS then covers the largest job, and a capped run leaves a job behind.
    if (want('1m')) finished = (await guarded('upload-1m-csv', () => uploadMillion(c))) ?? true;
  } finally {
    await client?.close();
    await db?.close();
    // A capped import is still running: closing would wait for it, so leave it to the exit.
    if (svc && finished) await svc.close();
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function benchDbOf(db: BenchDb | null): BenchDb {
  if (!db) throw new Error('no database connection');
  return db;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${code ? `[${String(code)}] ` : ''}${error.message}\n${error.stack ?? ''}`;
}

// Exits explicitly: a capped import (or a client of a stopped server) may hold the event loop.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`records bench failed: ${describe(error)}\n`);
    process.exit(1);
  },
);
