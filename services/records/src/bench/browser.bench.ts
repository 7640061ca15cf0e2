// Benchmark suite `browser` (issue 7): data-browser pages over a synthetic 100k-record project
// with two tasks, heuristic outputs, weak-supervision labels and some manual labels, against the
// real records service (in this process) on real NATS / Redis / FerretDB started here, asked
// through the gateway (a child process, with an API token) as the issue says, and over NATS
// directly as the baseline of the same run. Prints JSON lines; never fails on a number. Env:
// BENCH_BROWSER_ROWS (100000), BENCH_BROWSER_RUNS (40).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociationSubjects,
  BrowserSubjects,
  HealthSubjects,
  OverviewSubjects,
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
import { startBenchGateway, type BenchGateway } from './bench-gateway.js';
import { emit as emitLine, note, percentile, round } from './bench-output.js';
import { syntheticCsv } from './csv-sources.js';
import { uploadCsv } from './upload-client.js';

const ROWS = Number(process.env['BENCH_BROWSER_ROWS'] ?? 100_000);
const RUNS = Number(process.env['BENCH_BROWSER_RUNS'] ?? 40);
const PAGE = 5_000;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

const emit = (line: Parameters<typeof emitLine>[0]) => emitLine({ ...line, suite: 'browser' });

class Client {
  constructor(
    readonly t: TestBus,
    /** the gateway's admin: the project is theirs, so both paths see the same data */
    readonly actor: BenchGateway['actor'],
  ) {}
  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null): Promise<z.infer<C['reply']>> {
    return this.t.bus.request(contract, payload, { actor: this.actor, projectId, timeoutMs: 120_000 });
  }
}

/** POST through the gateway's REST API with the bench token; the reply body is read fully. */
async function viaGateway(gateway: BenchGateway, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${gateway.base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function recordIds(c: Client, projectId: string): Promise<string[]> {
  const ids: string[] = [];
  let afterSeq = -1;
  for (;;) {
    const page = await c.call(RecordSubjects.list, { afterSeq, limit: 500 }, projectId);
    ids.push(...page.records.map((r) => r.id));
    if (page.nextAfterSeq === null) return ids;
    afterSeq = page.nextAfterSeq;
  }
}

/** Writes one bulk source: each record gets a label with probability `coverage`. */
async function writeSource(c: Client, projectId: string, ref: { source: 'HEURISTIC' | 'WEAK_SUPERVISION'; sourceId: string; taskId: string }, ids: readonly string[], labels: readonly string[], coverage: number, seed: number): Promise<void> {
  const rnd = lcg(seed);
  const items = ids.flatMap((recordId) => (rnd() < coverage ? [{ recordId, labelId: labels[Math.floor(rnd() * labels.length)] ?? labels[0] ?? '', confidence: round(0.5 + rnd() / 2) }] : []));
  const { generation } = await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
  for (let i = 0; i < items.length; i += PAGE) {
    await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: items.slice(i, i + PAGE) }, projectId);
  }
  await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
}

async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-bench-browser-'));
  const infra = await startInfra({ dataDir });
  let svc: RunningService | null = null;
  let client: TestBus | null = null;
  let gateway: BenchGateway | null = null;
  try {
    const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'warn', MONGO_DB_PREFIX: 'bench' };
    svc = await startService(recordsService, env, []);
    client = await testBus(env);
    gateway = await startBenchGateway(env);
    const c = new Client(client, gateway.actor);
    const g = gateway;
    await expectEventually(() => c.call(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });

    const t0 = performance.now();
    const projectId = (await c.call(ProjectSubjects.create, { name: 'browser 100k' })).id;
    const upload = await uploadCsv(client, projectId, syntheticCsv(ROWS, 500_000, 11), { capSeconds: 300, actor: gateway.actor });
    if (!upload.result) throw new Error(`the ${ROWS}-record project was not ready after ${round(upload.seconds)} s`);
    const ids = await recordIds(c, projectId);
    const topic: LabelingTask = await c.call(TaskSubjects.create, { name: 'topic', kind: 'CLASSIFICATION', labels: ['sports', 'politics', 'tech', 'culture', 'science'].map((name) => ({ name })) }, projectId);
    const quality: LabelingTask = await c.call(TaskSubjects.create, { name: 'quality', kind: 'CLASSIFICATION', labels: [{ name: 'good' }, { name: 'bad' }] }, projectId);
    const topicLabels = topic.labels.map((l) => l.id);
    const qualityLabels = quality.labels.map((l) => l.id);
    for (const [i, sourceId] of ['lf-1', 'lf-2', 'lf-3'].entries()) await writeSource(c, projectId, { source: 'HEURISTIC', sourceId, taskId: topic.id }, ids, topicLabels, 0.4, 100 + i);
    await writeSource(c, projectId, { source: 'HEURISTIC', sourceId: 'lf-q', taskId: quality.id }, ids, qualityLabels, 0.5, 200);
    await writeSource(c, projectId, { source: 'WEAK_SUPERVISION', sourceId: topic.id, taskId: topic.id }, ids, topicLabels, 0.8, 300);
    await writeSource(c, projectId, { source: 'WEAK_SUPERVISION', sourceId: quality.id, taskId: quality.id }, ids, qualityLabels, 0.7, 301);
    const rnd = lcg(7);
    for (let i = 0; i < 500; i++) {
      const recordId = ids[Math.floor(rnd() * ids.length)] ?? '';
      await c.call(AssociationSubjects.classify, { recordId, taskId: topic.id, labelIds: [topicLabels[i % topicLabels.length] ?? ''] }, projectId);
    }
    note(`set-up of ${ids.length} records, 6 sources, 500 manual labels: ${round((performance.now() - t0) / 1000)} s`);

    const first = await timeRuns(1, () => c.call(BrowserSubjects.query, { query: {}, page: { limit: 50, cursor: null } }, projectId));
    emit({ case: 'page-first-100k', metric: 'ms', value: round(first[0] ?? 0), unit: 'ms', note: 'diagnostic: first browser query after the set-up (builds the projection)' });

    const filteredQuery = (i: number) => ({
      query: {
        filter: {
          kind: 'AND',
          conditions: [
            { kind: 'ATTRIBUTE', attribute: 'text', op: 'CONTAINS', value: WORDS[i % WORDS.length] },
            { kind: 'WS_LABEL', taskId: topic.id, op: 'IS', labelIds: [topicLabels[i % topicLabels.length]] },
            { kind: 'MANUAL_LABEL', taskId: topic.id, op: 'HAS_NONE' },
          ],
        },
        order: { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: topic.id, direction: 'DESC' }] },
      },
      page: { limit: 50, cursor: null },
    });
    const randomQuery = (i: number) => ({ query: { order: { kind: 'RANDOM', seed: i } }, page: { limit: 50, cursor: null } });
    // Warm-up of both paths (the gateway's first request resolves the token and the project's
    // organization, and both JIT-compile), then the two paths alternate run by run under the same load.
    for (let i = 0; i < 5; i++) {
      await viaGateway(g, `/projects/${projectId}/browser/query`, filteredQuery(i));
      await c.call(BrowserSubjects.query, filteredQuery(i) as never, projectId);
    }
    const filtered: number[] = [];
    const filteredNats: number[] = [];
    const random: number[] = [];
    const randomNats: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      filtered.push(...(await timeRuns(1, () => viaGateway(g, `/projects/${projectId}/browser/query`, filteredQuery(i)))));
      filteredNats.push(...(await timeRuns(1, () => c.call(BrowserSubjects.query, filteredQuery(i) as never, projectId))));
    }
    for (let i = 0; i < RUNS; i++) {
      random.push(...(await timeRuns(1, () => viaGateway(g, `/projects/${projectId}/browser/query`, randomQuery(i)))));
      randomNats.push(...(await timeRuns(1, () => c.call(BrowserSubjects.query, randomQuery(i) as never, projectId))));
    }
    const via = 'gateway REST API (HTTP, API token, authorization) → records over NATS';
    emit({ case: 'page-filtered-100k', metric: 'p95_ms', value: percentile(filtered, 95), unit: 'ms', p50_ms: percentile(filtered, 50), runs: RUNS, target: 150, via, baseline_nats_p95_ms: percentile(filteredNats, 95) });
    emit({ case: 'page-random-100k', metric: 'p95_ms', value: percentile(random, 95), unit: 'ms', p50_ms: percentile(random, 50), runs: RUNS, target: 200, via, baseline_nats_p95_ms: percentile(randomNats, 95) });

    const overview = await timeRuns(10, () => c.call(OverviewSubjects.task, { taskId: topic.id }, projectId));
    emit({ case: 'overview-100k', metric: 'ms', value: percentile(overview, 50), unit: 'ms', max_ms: round(Math.max(...overview)), runs: 10, target: 500 });

    // Labeling while browsing: each query after a label rebuilds only the changed record.
    const interleaved = await timeRuns(RUNS, async (i) => {
      await c.call(AssociationSubjects.classify, { recordId: ids[i] ?? '', taskId: quality.id, labelIds: [qualityLabels[i % 2] ?? ''] }, projectId);
      await c.call(BrowserSubjects.query, { query: { filter: { kind: 'MANUAL_LABEL', taskId: quality.id, op: 'HAS_ANY' } }, page: { limit: 50, cursor: null } }, projectId);
    });
    emit({ case: 'label-then-page-100k', metric: 'p95_ms', value: percentile(interleaved, 95), unit: 'ms', p50_ms: percentile(interleaved, 50), runs: RUNS, note: 'diagnostic: one manual label followed by a filtered page' });
  } finally {
    await client?.close();
    await gateway?.stop();
    await svc?.close();
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
