// Benchmark suite `ingest`: both passes (inferSchema + parseRows) over in-memory sources. Prints
// JSON lines only on stdout; diagnostics go to stderr. The 1M-row case runs first so the peak RSS
// (maxRSS is a process high-water mark) is its own.
import { performance } from 'node:perf_hooks';
import { inferSchema } from '../infer-schema.js';
import type { IngestOptions, UploadFormat } from '../ingest-types.js';
import { parseRows } from '../parse-rows.js';
import {
  chunks,
  clickbaitCsv,
  clickbaitJson,
  clickbaitJsonl,
  clickbaitXlsx,
  loadClickbait,
  syntheticCsv,
} from './bench-inputs.js';

const SUITE = 'ingest';
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const emit = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

async function bothPasses(
  source: () => AsyncIterable<Uint8Array>,
  format: UploadFormat,
  primaryKey?: string[],
): Promise<{ seconds: number; rows: number; pass1: number }> {
  const opts: IngestOptions = { format, ...(primaryKey && { primaryKey }) };
  const t0 = performance.now();
  const { schema } = await inferSchema(source(), opts);
  const t1 = performance.now();
  let rows = 0;
  for await (const batch of parseRows(source(), schema, { ...opts, batchSize: 5000 }))
    rows += batch.rows.length;
  const t2 = performance.now();
  log(
    `${format}: ${rows} rows, pass 1 ${round((t1 - t0) / 1000)} s, pass 2 ${round((t2 - t1) / 1000)} s; types ${schema.columns.map((c) => `${c.name}:${c.dataType}`).join(', ')}`,
  );
  return { seconds: (t2 - t0) / 1000, rows, pass1: (t1 - t0) / 1000 };
}

async function synthetic(): Promise<void> {
  const n = 1_000_000;
  const g0 = performance.now();
  let bytes = 0;
  for await (const c of syntheticCsv(n)) bytes += c.length;
  const generate = (performance.now() - g0) / 1000;
  log(
    `synthetic-1m-csv: ${(bytes / 2 ** 20).toFixed(1)} MiB, generating it alone takes ${round(generate)} s (included below, twice)`,
  );
  // `id` as the primary key: the key set (64-bit hashes) is part of the measured memory
  const r = await bothPasses(() => syntheticCsv(n), 'csv', ['id']);
  const peak = process.resourceUsage().maxRSS / 1024;
  emit({
    case: 'synthetic-1m-csv',
    metric: 'seconds',
    value: round(r.seconds),
    unit: 's',
    rows: r.rows,
    pass1: round(r.pass1),
    generateSeconds: round(generate),
    bytes,
  });
  emit({
    case: 'synthetic-1m-csv',
    metric: 'peak_rss_mb',
    value: Math.round(peak),
    unit: 'MB',
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  });
}

async function clickbait(): Promise<void> {
  const rows = loadClickbait();
  const inputs: [string, UploadFormat, Uint8Array][] = [
    ['clickbait-32k-csv', 'csv', clickbaitCsv(rows)],
    ['clickbait-32k-jsonl', 'jsonl', clickbaitJsonl(rows)],
    ['clickbait-32k-json', 'json', clickbaitJson(rows)],
    ['clickbait-32k-xlsx', 'xlsx', await clickbaitXlsx(rows)],
  ];
  for (const [name, format, bytes] of inputs) {
    await bothPasses(() => chunks(bytes), format); // warm-up (JIT)
    const r = await bothPasses(() => chunks(bytes), format);
    emit({
      case: name,
      metric: 'seconds',
      value: round(r.seconds),
      unit: 's',
      rows: r.rows,
      pass1: round(r.pass1),
      bytes: bytes.length,
    });
  }
}

await synthetic();
await clickbait();
