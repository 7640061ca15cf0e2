// Benchmark suite `label-model`, case `run-clickbait-32k`: one weak-supervision run end to end
// (start request → matrix read from records → fit/predict → weak labels written → completed) on
// the 32k clickbait headlines with five labeling functions, against the records and
// weak-supervision services started here as processes on NATS / Redis / FerretDB started here.
// Prints JSON lines only on stdout; diagnostics go to stderr; never fails on a number.
// Env: BENCH_WS_RECORDS (all), BENCH_WS_RUNS (3; the median is reported), BENCH_WS_SETUP_CAP_SECONDS
// (900: the set-up's budget).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { z } from 'zod';
import {
  AssociationSubjects,
  HealthSubjects,
  MAX_UPLOAD_CHUNK_BYTES,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  UploadSubjects,
  WeakSupervisionRunEvents,
  WeakSupervisionRunSubjects,
  type Actor,
  type BulkItem,
  type RecordView,
  type RequestContract,
  type WsRunFinishedEvent,
} from '@refinery/contracts';
import { DEFAULT_LABEL_MODEL } from '@refinery/label-model';
import { freePort, ManagedProcess, startInfra, type Infra } from '@refinery/server-infra';
import { NatsBus, NatsConnectionManager } from '@refinery/server-nats';
import { clickbaitCorpus, clickbaitSample, repoRoot } from './clickbait-corpus.js';
import { clickbaitFunctions } from './clickbait-functions.js';

const SUITE = 'label-model';
const ACTOR: Actor = { userId: 'bench', orgId: 'bench', role: 'owner' };
const LIMIT = Number(process.env['BENCH_WS_RECORDS'] ?? Number.POSITIVE_INFINITY);
const SETUP_CAP_MS = Number(process.env['BENCH_WS_SETUP_CAP_SECONDS'] ?? 900) * 1000;
const RUNS = Math.max(1, Number(process.env['BENCH_WS_RUNS'] ?? 3));
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

class Client {
  constructor(readonly bus: NatsBus, readonly connection: NatsConnectionManager) {}
  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null, timeoutMs = 120_000): Promise<z.infer<C['reply']>> {
    return this.bus.request(contract, payload, { actor: ACTOR, projectId, timeoutMs });
  }
}

async function startServices(infra: Infra, dir: string): Promise<ManagedProcess[]> {
  const root = repoRoot();
  const out: ManagedProcess[] = [];
  for (const service of ['records', 'weak-supervision']) {
    const port = await freePort();
    out.push(
      await ManagedProcess.start({
        name: service,
        command: process.execPath,
        args: [join(root, 'services', service, 'dist', 'main.js'), '--role', 'all'],
        logFile: join(dir, 'logs', `${service}.log`),
        port,
        startTimeoutMs: 60_000,
        env: { ...process.env, NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, MONGO_DB_PREFIX: 'benchws', HTTP_PORT: String(port), LOG_LEVEL: 'warn' },
      }),
    );
  }
  return out;
}

/** Uploads the headlines as one CSV (one records generation) and waits for the import. */
async function upload(c: Client, projectId: string, headlines: readonly string[]): Promise<void> {
  const csv = `headline\n${headlines.map((h) => `"${h.replace(/"/g, '""')}"`).join('\n')}\n`;
  const bytes = Buffer.from(csv, 'utf8');
  const { uploadId } = await c.call(UploadSubjects.start, { format: 'CSV' }, projectId);
  for (let seq = 0, at = 0; at < bytes.length; seq++, at += MAX_UPLOAD_CHUNK_BYTES) {
    await c.call(UploadSubjects.chunk, { uploadId, seq, data: bytes.subarray(at, at + MAX_UPLOAD_CHUNK_BYTES).toString('base64') }, projectId);
  }
  await c.call(UploadSubjects.commit, { uploadId }, projectId);
  const deadline = Date.now() + SETUP_CAP_MS;
  for (;;) {
    const u = await c.call(UploadSubjects.get, { uploadId }, projectId);
    if (u.state === 'COMPLETED') return;
    if (u.state === 'FAILED') throw new Error(`upload failed: ${JSON.stringify(u.problems.slice(0, 3))}`);
    if (Date.now() > deadline) throw new Error('upload did not finish within the set-up budget');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function replaceHeuristic(c: Client, projectId: string, taskId: string, sourceId: string, items: BulkItem[]): Promise<void> {
  const ref = { source: 'HEURISTIC' as const, sourceId, taskId };
  const { generation } = await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
  for (let i = 0; i < items.length; i += 2_500) {
    await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: items.slice(i, i + 2_500) }, projectId);
  }
  await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId, 600_000);
}

function waitFinished(c: Client, runId: () => string | null): Promise<WsRunFinishedEvent> {
  return new Promise((resolve) => {
    const sub = c.connection.get().subscribe(c.connection.wireSubject(WeakSupervisionRunEvents.finished.subject), {
      callback: (_err, msg) => {
        const env = JSON.parse(new TextDecoder().decode(msg.data)) as { payload: WsRunFinishedEvent };
        if (env.payload.runId !== runId()) return;
        sub.unsubscribe();
        resolve(env.payload);
      },
    });
  });
}

async function runCase(c: Client): Promise<void> {
  const corpus = clickbaitCorpus().slice(0, LIMIT);
  const knowledge = clickbaitSample();
  const functions = clickbaitFunctions(knowledge);
  const t0 = performance.now();
  const { id: projectId } = await c.call(ProjectSubjects.create, { name: `clickbait 32k ${Date.now()}` }, null);
  await upload(c, projectId, corpus.map((h) => h.text));
  const task = await c.call(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'yes' }, { name: 'no' }] }, projectId);
  const labelId = new Map(task.labels.map((l) => [l.name, l.id]));
  const ids: string[] = [];
  const texts: string[] = [];
  for (let afterSeq: number | null = -1; afterSeq !== null; ) {
    const page: { records: { id: string; data: Record<string, unknown> }[]; nextAfterSeq: number | null } = await c.call(RecordSubjects.list, { afterSeq, limit: 500 }, projectId);
    for (const r of page.records) {
      ids.push(r.id);
      texts.push(String(r.data['headline'] ?? ''));
    }
    afterSeq = page.nextAfterSeq;
  }
  log(`clickbait-32k: ${ids.length} records uploaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const lf of functions) {
    const t = performance.now();
    const items: BulkItem[] = [];
    texts.forEach((text, i) => {
      const label = lf.fn(text);
      if (label) items.push({ recordId: ids[i]!, labelId: labelId.get(label)!, confidence: null });
    });
    await replaceHeuristic(c, projectId, task.id, lf.id, items);
    log(`clickbait-32k: ${lf.id} fires on ${items.length} records (written in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    if (performance.now() - t0 > SETUP_CAP_MS) throw new Error('set-up exceeded its budget (records writes too slow)');
  }
  const index = new Map(texts.map((t, i) => [t, i]));
  let manual = 0;
  for (const [text, label] of knowledge.manual) {
    const i = index.get(text);
    if (i === undefined) continue;
    await c.call(AssociationSubjects.classify, { recordId: ids[i]!, taskId: task.id, labelIds: [labelId.get(label)!] }, projectId);
    manual++;
  }
  log(`clickbait-32k: ${manual} of the sample's manual labels match a corpus headline; set-up ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The measured part: a run from the request to its completion event, repeated (each replaces
  // the previous weak labels); the median is reported because the machine is shared.
  const seconds: number[] = [];
  const phases: Record<string, number>[] = [];
  let last: { runId: string; summary: WsRunFinishedEvent['summary'] } | null = null;
  for (let i = 0; i < RUNS; i++) {
    let runId: string | null = null;
    const done = waitFinished(c, () => runId);
    const start = performance.now();
    const run = await c.call(WeakSupervisionRunSubjects.start, { taskId: task.id }, projectId);
    runId = run.id;
    const finished = await done;
    seconds.push((performance.now() - start) / 1000);
    if (finished.state !== 'COMPLETED' || !finished.summary) throw new Error(`run failed: ${JSON.stringify(finished.error)}`);
    phases.push(finished.summary.phasesMs);
    log(`clickbait-32k: run ${seconds.at(-1)!.toFixed(3)} s; phases (ms) ${JSON.stringify(finished.summary.phasesMs)}; written ${finished.summary.written} of ${finished.summary.records}`);
    last = { runId: run.id, summary: finished.summary };
  }
  const stored = last ? await c.call(WeakSupervisionRunSubjects.get, { runId: last.runId }, projectId) : null;
  if (stored?.quality) log(`clickbait-32k: held-out accuracy ${(100 * stored.quality.model.accuracy).toFixed(1)} % vs majority vote ${(100 * stored.quality.majorityVote.accuracy).toFixed(1)} % on ${stored.quality.evaluated} manual labels`);
  // Diagnostics only: the written weak labels against the corpus' ground truth.
  const gold = new Map(corpus.map((h) => [h.text, h.clickbait ? 'yes' : 'no']));
  const nameOf = new Map(task.labels.map((l) => [l.id, l.name]));
  let right = 0;
  let labelled = 0;
  for (let afterSeq: number | null = -1; afterSeq !== null; ) {
    const page: { records: RecordView[]; nextAfterSeq: number | null } = await c.call(RecordSubjects.list, { afterSeq, limit: 500 }, projectId);
    for (const r of page.records) {
      const ws = r.labels[task.id]?.weakSupervision[0];
      if (!ws) continue;
      labelled++;
      if (nameOf.get(ws) === gold.get(String(r.data['headline'] ?? ''))) right++;
    }
    afterSeq = page.nextAfterSeq;
  }
  log(`clickbait-32k: weak labels agree with the corpus on ${right} of ${labelled} labelled records (${((100 * right) / Math.max(1, labelled)).toFixed(1)} %)`);
  const order = seconds.map((_, i) => i).sort((a, b) => seconds[a]! - seconds[b]!);
  const median = order[Math.floor(order.length / 2)]!;
  // phasesMs: the median run's reading / fitting / writing (and overlapped evaluating / statistics) times.
  const line = { suite: SUITE, case: 'run-clickbait-32k', metric: 'seconds', value: Math.round(seconds[median]! * 1000) / 1000, unit: 's', model: DEFAULT_LABEL_MODEL, default: true, records: ids.length, runs: seconds.length, phasesMs: phases[median] };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ws-'));
  let infra: Infra | null = null;
  let services: ManagedProcess[] = [];
  let connection: NatsConnectionManager | null = null;
  try {
    infra = await startInfra({ dataDir: dir });
    services = await startServices(infra, dir);
    connection = new NatsConnectionManager({ url: infra.natsUrl, name: 'bench-ws', logger: pino({ level: 'silent' }), logIntervalMs: 60_000 });
    await connection.waitConnected();
    const c = new Client(new NatsBus(connection), connection);
    for (const s of ['records', 'weak-supervision'] as const) {
      for (let i = 0; ; i++) {
        try {
          await c.bus.request(HealthSubjects[s].check, {});
          break;
        } catch (error) {
          if (i > 300) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    await runCase(c);
  } catch (error) {
    log(`case run-clickbait-32k failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)} (service logs in ${dir}/logs)`);
    process.exitCode = 0;
    return;
  } finally {
    await connection?.close();
    for (const s of services.reverse()) await s.stop();
    await infra?.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
