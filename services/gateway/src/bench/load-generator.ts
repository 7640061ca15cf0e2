// A small closed-loop HTTP load generator (what autocannon does, without the package): N
// keep-alive connections each send a request as soon as the previous answer arrived, for a fixed
// duration after a warm-up; every latency is kept, so percentiles are exact. Run as its own
// process by the gateway bench (`LOAD_SPEC='<LoadSpec JSON>' node load-generator.js`; the spec
// holds a bearer token, so not in argv); prints one LoadResult JSON line on stdout.
import { Agent, request } from 'node:http';

export interface LoadSpec {
  /** Absolute URLs, taken round-robin (one counter shared by all connections). */
  urls: string[];
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  requestsPerS: number;
  /** Answers that were not 2xx, by status ("error" for a broken connection). */
  failures: Record<string, number>;
  latencyMs: { min: number; p50: number; p90: number; p99: number; max: number; mean: number };
  /** Counts per latency bucket (upper bound in ms → count). */
  histogram: Record<string, number>;
  bytes: number;
  /** Every answered request, warm-up included (for CPU per request over the whole run). */
  allRequests: number;
  /** CPU time of this process (user + system). */
  cpuMs: number;
}

const BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 150, 200, 500, 1_000, 5_000, Infinity];

/** The exact q-quantile (nearest rank) of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

function once(agent: Agent, url: string, headers: Record<string, string>): Promise<{ status: number | 'error'; bytes: number }> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', () => resolve({ status: 'error', bytes }));
    });
    req.on('error', () => resolve({ status: 'error', bytes: 0 }));
    req.end();
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.urls.length === 0) throw new Error('LoadSpec.urls: at least one URL');
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections });
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let bytes = 0;
  let allRequests = 0;
  const start = performance.now();
  const measureFrom = start + spec.warmupS * 1_000;
  const end = measureFrom + spec.durationS * 1_000;
  const connection = async (): Promise<void> => {
    while (performance.now() < end) {
      const url = spec.urls[next++ % spec.urls.length] ?? '';
      const t0 = performance.now();
      const res = await once(agent, url, spec.headers);
      const t1 = performance.now();
      allRequests++;
      // Only requests sent inside the measured window count (none straddles its start).
      if (t0 < measureFrom || t1 > end) continue;
      latencies.push(t1 - t0);
      bytes += res.bytes;
      if (res.status === 'error' || res.status < 200 || res.status >= 300) failures[String(res.status)] = (failures[String(res.status)] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, connection));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const histogram: Record<string, number> = {};
  let from = 0;
  for (const bound of BUCKETS_MS) {
    let to = from;
    while (to < sorted.length && (sorted[to] ?? Infinity) <= bound) to++;
    if (to > from) histogram[bound === Infinity ? 'inf' : `<=${bound}`] = to - from;
    from = to;
  }
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    requests: latencies.length,
    durationS: spec.durationS,
    requestsPerS: latencies.length / spec.durationS,
    failures,
    latencyMs: { min: sorted[0] ?? NaN, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN, mean },
    histogram,
    bytes,
    allRequests,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1_000,
  };
}

// Entry point when run as a process (the bench imports nothing from here but the types).
if (process.argv[1]?.endsWith('load-generator.js')) {
  const spec = JSON.parse(process.env['LOAD_SPEC'] ?? '') as LoadSpec;
  process.stdout.write(`${JSON.stringify(await runLoad(spec))}\n`);
}
