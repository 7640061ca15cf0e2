// Benchmark suite `heuristics`, sandbox level: prints JSON lines only on stdout; diagnostics go
// to stderr. The service-level end-to-end cases (`lf-js-clickbait-32k`, `lf-py-clickbait-32k`)
// belong to services/heuristics.
import { loadavg } from 'node:os';
import { createJsRunner } from '../js/js-runner.js';
import { createPythonRunner } from '../python/python-runner.js';
import type { SandboxRecord } from '../sandbox-types.js';
import { loadClickbaitHeadlines } from './clickbait-headlines.js';

const SUITE = 'heuristics';
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const emit = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line, level: 'sandbox' })}\n`);

const STARTS_WITH_DIGIT_JS = `function starts_with_digit(record) {
  const headline = record.headline;
  const headlineAsList = headline.split(" ");
  if (/^\\d+$/.test(headlineAsList[0])) return "clickbait";
}`;
const STARTS_WITH_DIGIT_PY = `def starts_with_digit(record):
    headline = record["headline"].text
    headline_as_list = headline.split(" ")
    if(headline_as_list[0].isnumeric()):
        return "clickbait"
`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** deterministic samples of 10 records ("run on 10", seeded) */
function samples(records: readonly SandboxRecord[], count: number): SandboxRecord[][] {
  let seed = 42;
  const next = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: 10 }, () => records[Math.floor(next() * records.length)] as SandboxRecord).filter((r, i, all) => all.indexOf(r) === i));
}

async function timeRuns(times: number, run: () => Promise<unknown>, cpuMs: number[] = []): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  return ms;
}

async function jsCases(records: SandboxRecord[]): Promise<void> {
  const runner = createJsRunner();
  try {
    const first = await runner.run({ code: STARTS_WITH_DIGIT_JS, kind: 'classification', records });
    log(`js: first run ${round(first.stats.durationMs)} ms (TypeScript load, isolate start), ${first.results.size - first.stats.abstained} clickbait labels`);
    // Steady state, as in a worker that has run a few heuristics: the host's own code (batch
    // encoding, output checks) is optimized only after a couple of runs. The warm-up runs are
    // printed with the rest.
    const warmMs = await timeRuns(2, () => runner.run({ code: STARTS_WITH_DIGIT_JS, kind: 'classification', records }));
    // CPU time (all threads: host, isolate, GC) shows a change even when other jobs share the machine.
    const cpuMs: number[] = [];
    const ms = await timeRuns(9, () => runner.run({ code: STARTS_WITH_DIGIT_JS, kind: 'classification', records }), cpuMs);
    log(`js: 32k warm-up runs ms ${warmMs.map((m) => round(m)).join(', ')}; runs ms ${ms.map((m) => round(m)).join(', ')}; cpu ms ${cpuMs.map((m) => round(m)).join(', ')}`);
    emit({
      case: 'sandbox-js',
      metric: 'records_per_s',
      value: Math.round(records.length / (median(ms) / 1000)),
      unit: 'records/s',
      best: Math.round(records.length / (Math.min(...ms) / 1000)),
      worst: Math.round(records.length / (Math.max(...ms) / 1000)),
      first_run_ms: round(first.stats.durationMs),
      runs: ms.length,
      records: records.length,
      cpu_ms_per_run: round(median(cpuMs)),
      loadavg_1m: round(loadavg()[0] ?? NaN, 2),
    });
    const tens = samples(records, 50);
    let i = 0;
    const run10 = await timeRuns(tens.length, () => runner.run({ code: STARTS_WITH_DIGIT_JS, kind: 'classification', records: tens[i++] as SandboxRecord[] }));
    emit({ case: 'run-on-10-js', metric: 'p50_ms', value: round(median(run10), 2), unit: 'ms', runs: run10.length });
  } finally {
    await runner.dispose();
  }
}

async function pythonCases(records: SandboxRecord[]): Promise<void> {
  const runner = createPythonRunner({ workers: 1 });
  try {
    const t0 = performance.now();
    await runner.warmUp();
    emit({ case: 'python-worker-start', metric: 'seconds', value: round((performance.now() - t0) / 1000, 2), unit: 's' });
    const ms = await timeRuns(2, () => runner.run({ code: STARTS_WITH_DIGIT_PY, kind: 'classification', records }));
    log(`py: 32k runs ms ${ms.map((m) => round(m)).join(', ')} (includes tokenizing the headlines on the host)`);
    emit({ case: 'sandbox-py', metric: 'records_per_s', value: Math.round(records.length / (median(ms) / 1000)), unit: 'records/s', records: records.length });
    const tens = samples(records, 20);
    let i = 0;
    const run10 = await timeRuns(tens.length, () => runner.run({ code: STARTS_WITH_DIGIT_PY, kind: 'classification', records: tens[i++] as SandboxRecord[] }));
    emit({ case: 'run-on-10-py', metric: 'p50_ms', value: round(median(run10), 2), unit: 'ms', runs: run10.length });
  } finally {
    await runner.dispose();
  }
}

const records = loadClickbaitHeadlines();
log(`loaded ${records.length} clickbait headlines`);
await jsCases(records);
await pythonCases(records);
