// Benchmark suite `platform`: the cost of the platform's messaging layer over raw NATS, and the
// self-check round trip (Mongo write/read + a BullMQ job through a worker). Prints JSON lines.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module } from '@nestjs/common';
import { z } from 'zod';
import { HealthSubjects, defineRequest } from '@refinery/contracts';
import { configWithPort } from '@refinery/server-core';
import { startInfra } from '@refinery/server-infra';
import { NatsRequestHandler } from '@refinery/server-nats';
import { startService } from '@refinery/server-kit';
import { testBus } from '../test-bus.js';

const Echo = defineRequest(
  'records.bench.echo.v1',
  z.object({ text: z.string() }),
  z.object({ text: z.string() }),
);

@Controller()
class EchoController {
  @NatsRequestHandler(Echo)
  echo(env: { payload: { text: string } }): { text: string } {
    return { text: env.payload.text };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: 'platform', ...line })}\n`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round(
      (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 1000,
    ) / 1000
  );
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-bench-'));
  const infra = await startInfra({ dataDir });
  const svc = await startService(
    { service: 'records', module: EchoModule, configSchema: configWithPort(0), jobs: [] },
    {
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      MONGO_URL: infra.mongoUrl,
      LOG_LEVEL: 'warn',
      MONGO_DB_PREFIX: 'bench',
    },
    [],
  );
  const client = await testBus({ NATS_URL: infra.natsUrl });
  try {
    const nc = client.connection.get();
    const rawSub = nc.subscribe('bench.raw.echo', {
      callback: (_e, m) => {
        m.respond(m.data);
      },
    });
    const payload = new TextEncoder().encode(JSON.stringify({ text: 'hello' }));
    const n = Number(process.env['BENCH_ITERATIONS'] ?? 2_000);

    const raw = await time(n, () => nc.request('bench.raw.echo', payload, { timeout: 2_000 }));
    const env = await time(n, () => client.bus.request(Echo, { text: 'hello' }));
    const rawP50 = percentile(raw, 50);
    emit({ case: 'nats-request-raw', metric: 'p50_ms', value: rawP50, unit: 'ms', n });
    emit({
      case: 'nats-request-envelope',
      metric: 'p50_ms',
      value: percentile(env, 50),
      unit: 'ms',
      n,
      baseline: 'nats-request-raw',
      ratio_to_baseline: Math.round((percentile(env, 50) / rawP50) * 100) / 100,
    });
    emit({
      case: 'nats-request-envelope',
      metric: 'p99_ms',
      value: percentile(env, 99),
      unit: 'ms',
      n,
    });

    const checks = await time(50, () => client.bus.request(HealthSubjects.records.selfCheck, {}));
    emit({
      case: 'selfcheck-roundtrip',
      metric: 'p50_ms',
      value: percentile(checks, 50),
      unit: 'ms',
      n: 50,
    });
    rawSub.unsubscribe();
  } finally {
    await client.close();
    await svc.close();
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `platform bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
