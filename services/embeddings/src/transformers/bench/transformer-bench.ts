import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeLocalFolder, inspectLocalModel } from '../local-model-folder.js';
import { writeTinyTransformerModel } from '../testing/tiny-transformer-fixture.js';
import { transformerOptionsFromEnv, type TransformerOptions } from '../transformer-options.js';
import { measureThroughput, type ThroughputRun } from './transformer-throughput.js';

/** the model measured unless REFINERY_BENCH_TRANSFORMER names another under REFINERY_MODEL_DIR */
export const BENCH_TRANSFORMER_DEFAULT = 'sentence-transformers/all-MiniLM-L6-v2';

export interface TransformerBenchOptions {
  /** headlines per run; default REFINERY_BENCH_TRANSFORMER_SENTENCES, else 1024 (8192 on the tiny model) */
  readonly sentences?: number;
  /** runs per case, the median is reported; default 3 */
  readonly repeats?: number;
}

/**
 * The `embeddings` suite's transformer cases: sentences/s with 1 and 2 worker processes
 * (`transformer-1-worker`, `transformer-2-workers`), each worker with one onnxruntime thread.
 * Prints JSON lines on stdout, diagnostics on stderr. Measures the real model in
 * `REFINERY_MODEL_DIR/<id>` when present, else (saying so on stderr) a generated tiny model, and
 * names the model measured in a `model` field.
 */
export async function runTransformerBench(
  benchOptions: TransformerBenchOptions = {},
): Promise<void> {
  const env = process.env;
  const requested =
    benchOptions.sentences ?? optionalNumber('REFINERY_BENCH_TRANSFORMER_SENTENCES');
  const repeats = benchOptions.repeats ?? 3;
  const base: TransformerOptions = {
    ...transformerOptionsFromEnv(env, repoRoot()),
    allowHub: false,
  };
  const wanted = env['REFINERY_BENCH_TRANSFORMER'] ?? BENCH_TRANSFORMER_DEFAULT;
  const folder = await inspectLocalModel(base.modelDir, wanted);
  let model = wanted;
  let options = base;
  let scratch: string | null = null;
  if (folder.missing.length > 0) {
    scratch = await mkdtemp(join(tmpdir(), 'refinery-bench-model-'));
    const tiny = await writeTinyTransformerModel(scratch, { dims: 384 });
    model = tiny.id;
    options = { ...base, modelDir: scratch };
    process.stderr.write(
      `transformer bench: no model "${wanted}" (${describeLocalFolder(folder)}); measuring the generated tiny model "${model}" instead\n`,
    );
  }
  // the tiny model is ~100× faster: more sentences so process start-up noise stays small
  const sentences = requested ?? (scratch ? 8192 : 1024);
  if (!Number.isInteger(sentences) || sentences < 2)
    throw new Error(
      `REFINERY_BENCH_TRANSFORMER_SENTENCES must be an integer ≥ 2, got ${sentences}`,
    );
  try {
    const texts = headlines(sentences);
    const counts = [1, 2];
    const runs = new Map<number, ThroughputRun[]>(counts.map((n) => [n, []]));
    // interleaved (1, 2, 1, 2, …) so both cases see the same drift in the shared machine's load
    for (let r = 0; r < repeats; r++) {
      for (const workers of counts) {
        const run = await measureThroughput(model, options, texts, workers);
        process.stderr.write(
          `transformer bench: ${workers} worker(s), run ${r + 1}: ${run.sentences} sentences in ${run.wallMs.toFixed(0)} ms = ${run.sentencesPerSecond.toFixed(1)}/s (CPU ${run.cpuMs.toFixed(0)} ms, load average ${loadavg()[0]!.toFixed(2)})\n`,
        );
        runs.get(workers)!.push(run);
      }
    }
    const single = median(runs.get(1)!.map((run) => run.sentencesPerSecond));
    for (const workers of counts) {
      const measured = runs.get(workers)!;
      const value = median(measured.map((run) => run.sentencesPerSecond));
      const line = {
        suite: 'embeddings',
        case: workers === 1 ? 'transformer-1-worker' : `transformer-${workers}-workers`,
        metric: 'sentences_per_s',
        value: Number(value.toFixed(1)),
        unit: 'sentences/s',
        model,
        sentences: texts.length,
        workers,
        threads_per_worker: options.intraOpThreads,
        batch_size: options.batchSize,
        runs: measured.map((run) => Number(run.sentencesPerSecond.toFixed(1))),
        // the work itself: equal per sentence for 1 and 2 workers when nothing is contended inside
        cpu_ms_per_sentence: Number(
          median(measured.map((run) => run.cpuMs / run.sentences)).toFixed(2),
        ),
        // CPU time ÷ wall time ÷ workers: below 1 means the machine's other load took cores away
        cpu_share_per_worker: Number(
          (median(measured.map((run) => run.cpuMs / run.wallMs)) / workers).toFixed(2),
        ),
        load_average: Number(loadavg()[0]!.toFixed(2)),
        ...(workers > 1
          ? {
              baseline: 'transformer-1-worker',
              speedup: Number((value / single).toFixed(2)),
              target_speedup: 1.6,
            }
          : {}),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** clickbait headlines from the shared data (repeated up to `n`), or generated sentences */
function headlines(n: number): string[] {
  const file = join(sharedDataDir(), 'clickbait', 'clickbait_data.gz');
  let lines: string[] = [];
  if (existsSync(file))
    lines = gunzipSync(readFileSync(file))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  else
    process.stderr.write(`transformer bench: ${file} not found; embedding generated sentences\n`);
  if (lines.length === 0)
    lines = Array.from(
      { length: 500 },
      (_, i) => `Headline number ${i} about the ${i % 7} things you never knew`,
    );
  return Array.from({ length: n }, (_, i) => lines[i % lines.length]!);
}

function sharedDataDir(): string {
  return env('REFINERY_SHARED_DATA_DIR') ?? resolve(repoRoot(), '..', 'shared', 'data');
}

function optionalNumber(key: string): number | undefined {
  const value = env(key);
  return value === undefined ? undefined : Number(value);
}

function env(key: string): string | undefined {
  const value = process.env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function repoRoot(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
