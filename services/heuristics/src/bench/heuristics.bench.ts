// Benchmark suite `heuristics`, service level (the sandbox-level cases are libs/sandbox's): the
// quickstart's starts_with_digit over the 32,000 clickbait headlines end to end — read the
// records from records over NATS, run in the sandbox, write the outputs back as one generation —
// and "run on 10" through the service, and a computed attribute run on all 32,000 (values written
// to records, which checks them), on real NATS / Redis / FerretDB started here. Prints JSON
// lines on stdout only; never fails on a number. Env: BENCH_HEURISTICS_RUNS (3), BENCH_HEURISTICS_PY (1).
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AttributeCalculationSubjects, HealthSubjects, PreviewSubjects, RecordSubjects } from '@refinery/contracts';
import { startInfra } from '@refinery/server-infra';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus } from '@refinery/server-testing';
// The benchmark runs the records service in this process, as the integration tests do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { heuristicsService } from '../heuristics.service-definition.js';
import { BenchClient } from './bench-client.js';

const SUITE = 'heuristics';
const RUNS = Number(process.env['BENCH_HEURISTICS_RUNS'] ?? 3);
const WITH_PYTHON = process.env['BENCH_HEURISTICS_PY'] !== '0';
/** refinery (kern.ai) ran each labeling function in a fresh container: 22–38 s on 3,000 records. */
const REFINERY = { refinery_seconds_3k_records: '22-38' };

const emit = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line, level: 'service' })}\n`);
const note = (message: string): void => void process.stderr.write(`[heuristics bench] ${message}\n`);
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const STARTS_WITH_DIGIT = {
  javascript: `function starts_with_digit(record) {
  const headlineAsList = record.headline.split(" ");
  if (/^\\d+$/.test(headlineAsList[0])) return "clickbait";
}`,
  python: `def starts_with_digit(record):
    headline = record["headline"].text
    headline_as_list = headline.split(" ")
    if(headline_as_list[0].isnumeric()):
        return "clickbait"
`,
} as const;

function clickbaitHeadlines(): string[] {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const dir = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data'), 'clickbait');
  return ['clickbait_data.gz', 'non_clickbait_data.gz'].flatMap((file) =>
    gunzipSync(readFileSync(join(dir, file)))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
}

async function endToEnd(c: BenchClient, projectId: string, heuristicId: string, language: 'javascript' | 'python', records: number): Promise<void> {
  const seconds: number[] = [];
  const times = language === 'python' ? Math.max(1, Math.min(RUNS, 2)) : RUNS;
  for (let i = 0; i < times; i++) {
    const { seconds: s, run } = await c.run(projectId, heuristicId);
    if (run.state !== 'succeeded') throw new Error(`${language} run ${run.state}: ${run.error}`);
    note(`${language} run ${i + 1}: ${round(s)} s end to end (worker ${run.durationMs} ms), ${run.counts.outputs} outputs of ${run.counts.records} records`);
    seconds.push(s);
  }
  const ourCase = language === 'python' ? 'lf-py-clickbait-32k' : 'lf-js-clickbait-32k';
  emit({ case: ourCase, metric: 'seconds', value: round(median(seconds)), unit: 's', records, runs: seconds.length, best: round(Math.min(...seconds)), target: language === 'python' ? 10 : 2, ...REFINERY });
}

async function runOn10(c: BenchClient, projectId: string, heuristicId: string, language: 'javascript' | 'python', count: number): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await c.call(PreviewSubjects.runOnSample, { source: { heuristicId }, n: 10, seed: i }, projectId);
    ms.push(performance.now() - t0);
  }
  const sampleMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await c.call(RecordSubjects.sample, { n: 10, seed: i, withTokens: language === 'python' }, projectId);
    sampleMs.push(performance.now() - t0);
  }
  note(`of which records' sample of 10 alone: p50 ${round(median(sampleMs), 1)} ms`);
  emit({ case: language === 'python' ? 'run-on-10-py' : 'run-on-10-js', metric: 'p50_ms', value: round(median(ms), 1), unit: 'ms', runs: ms.length, target: language === 'python' ? 500 : 100 });
}

/** A JavaScript INTEGER attribute (words per headline) on every record: the first run creates the attribute, later ones replace its values. */
async function calculationOnAll(c: BenchClient, projectId: string, records: number): Promise<void> {
  const code = 'function ac(record) { return record.headline.split(" ").length; }';
  const calc = await c.call(AttributeCalculationSubjects.create, { name: 'word_count', dataType: 'INTEGER', language: 'javascript', code }, projectId);
  const seconds: number[] = [];
  for (let i = 0; i < Math.max(2, RUNS); i++) {
    const { seconds: s, run } = await c.runCalculation(projectId, calc.id);
    if (run.state !== 'succeeded') throw new Error(`calculation run ${run.state}: ${run.error}`);
    note(`computed attribute run ${i + 1}: ${round(s)} s end to end (worker ${run.durationMs} ms), ${run.counts.values} values of ${run.counts.records} records`);
    seconds.push(s);
  }
  emit({ case: 'ac-js-clickbait-32k', metric: 'seconds', value: round(median(seconds)), unit: 's', records, runs: seconds.length, best: round(Math.min(...seconds)) });
}

const dataDir = mkdtempSync(join(tmpdir(), 'heuristics-bench-'));
const infra = await startInfra({ dataDir });
const services: RunningService[] = [];
try {
  const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, MONGO_URL: infra.mongoUrl, MONGO_DB_PREFIX: 'bench', HTTP_PORT: '0', LOG_LEVEL: 'warn', HEURISTICS_PY_WARMUP: WITH_PYTHON ? 'true' : 'false' };
  services.push(await startService(recordsService, env, []), await startService(heuristicsService, env, []));
  const bus = await testBus(env);
  const c = new BenchClient(bus);
  await expectEventually(() => bus.bus.request(HealthSubjects.heuristics.check, {}), { timeoutMs: 30_000 });
  await expectEventually(() => bus.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 30_000 });

  const headlines = clickbaitHeadlines();
  let t0 = performance.now();
  const projectId = await c.headlineProject(headlines);
  note(`${headlines.length} headlines added to records in ${round((performance.now() - t0) / 1000)} s (not measured)`);
  const task = await c.task(projectId);
  note(`reading all records page by page (2,000): ${round(await c.readAllSeconds(projectId))} s, again ${round(await c.readAllSeconds(projectId))} s`);

  const js = await c.heuristic(projectId, task.id, 'javascript', STARTS_WITH_DIGIT.javascript);
  t0 = performance.now();
  await c.run(projectId, js);
  note(`first JS run (isolate start, records warm-up) ${round((performance.now() - t0) / 1000)} s (not measured)`);
  await endToEnd(c, projectId, js, 'javascript', headlines.length);
  await runOn10(c, projectId, js, 'javascript', 30);
  await calculationOnAll(c, projectId, headlines.length);

  if (WITH_PYTHON) {
    const py = await c.heuristic(projectId, task.id, 'python', STARTS_WITH_DIGIT.python);
    t0 = performance.now();
    await c.call(PreviewSubjects.runOnSample, { source: { heuristicId: py }, n: 1, seed: 1 }, projectId, 300_000);
    note(`Python warm (Pyodide loaded) after ${round((performance.now() - t0) / 1000)} s of waiting (not measured)`);
    await endToEnd(c, projectId, py, 'python', headlines.length);
    await runOn10(c, projectId, py, 'python', 20);
  }
  await bus.close();
} finally {
  for (const s of services.reverse()) await s.close().catch(() => undefined);
  await infra.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
