import { Controller, Module } from '@nestjs/common';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { HealthSubjects, defineRequest } from '@refinery/contracts';
import { AppError, configWithPort } from '@refinery/server-core';
import { ManagedProcess, freePort } from '@refinery/server-infra';
import { NatsRequestHandler, encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually } from './eventually.js';
import { readTestInfra } from './infra-file.js';
import { testBus, type TestBus } from './test-bus.js';
import { testEnv } from './test-env.js';
import { startService, type RunningService, type ServiceDefinition } from '@refinery/server-kit';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const Greet = defineRequest(
  'records.kit-test.greet.v1',
  z.object({ name: z.string().min(1), times: z.number().int().positive() }),
  z.object({ greeting: z.string() }),
);

@Controller()
class GreetController {
  @NatsRequestHandler(Greet)
  greet(env: { payload: { name: string; times: number } }): { greeting: string } {
    if (env.payload.name === 'nobody') throw new AppError('NOT_FOUND', 'nobody is not here');
    return { greeting: `hello ${env.payload.name}`.repeat(env.payload.times) };
  }
}

@Module({ controllers: [GreetController] })
class GreetModule {}

const definition: ServiceDefinition = {
  service: 'records',
  module: GreetModule,
  configSchema: configWithPort(0),
  jobs: [],
};

/** Collects JSON log lines a service writes. */
function logSink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('service kit against real NATS, Redis and FerretDB', () => {
  let running: RunningService;
  let client: TestBus;

  beforeAll(async () => {
    const env = testEnv();
    running = await startService(definition, env, []);
    client = await testBus(env);
  });
  afterAll(async () => {
    await client?.close();
    await running?.close();
  });

  it('answers a valid request with the validated reply', async () => {
    await expect(client.bus.request(Greet, { name: 'ada', times: 2 })).resolves.toEqual({
      greeting: 'hello adahello ada',
    });
  });

  it('maps a domain error to its code', async () => {
    await expect(client.bus.request(Greet, { name: 'nobody', times: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'nobody is not here',
    });
  });

  it('rejects a malformed payload naming the field, and keeps serving', async () => {
    const nc = client.connection.get();
    const bad = makeEnvelope(Greet.subject, { name: 'ada', times: 'twice' });
    const reply = JSON.parse(
      new TextDecoder().decode((await nc.request(client.connection.wireSubject(Greet.subject), encode(bad))).data),
    ) as {
      payload: { ok: boolean; error: { code: string; message: string } };
    };
    expect(reply.payload.ok).toBe(false);
    expect(reply.payload.error.code).toBe('VALIDATION_FAILED');
    expect(reply.payload.error.message).toContain('payload.times');

    const notJson = await nc.request(client.connection.wireSubject(Greet.subject), new TextEncoder().encode('{oops'));
    expect(new TextDecoder().decode(notJson.data)).toContain('not valid JSON');

    const noEnvelope = await nc.request(client.connection.wireSubject(Greet.subject), encode({ name: 'ada' }));
    expect(new TextDecoder().decode(noEnvelope.data)).toContain('VALIDATION_FAILED');

    await expect(client.bus.request(Greet, { name: 'grace', times: 1 })).resolves.toEqual({
      greeting: 'hello grace',
    });
  });

  it('refuses to send a request that violates its contract', async () => {
    await expect(client.bus.request(Greet, { name: '', times: 1 })).rejects.toThrow(
      /refusing to send.*payload|name/,
    );
  });

  it('names the missing responder when no service answers', async () => {
    const Nobody = defineRequest('export.kit-test.nobody.v1', z.object({}), z.object({}), 500);
    await expect(client.bus.request(Nobody, {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('service kit with dependencies down at start', () => {
  it('starts not-ready, logs the outage once per interval, and becomes ready when Redis appears', async () => {
    const redisPort = await freePort();
    const sink = logSink();
    const env = testEnv({
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'info',
      DEPENDENCY_LOG_INTERVAL_S: '60',
    });
    const svc = await startService(definition, env, [], { logDestination: sink.stream });
    let redis: ManagedProcess | undefined;
    try {
      const notReady = await fetch(`http://127.0.0.1:${svc.port}/ready`);
      expect(notReady.status).toBe(503);
      const report = (await notReady.json()) as {
        dependencies: { name: string; status: string }[];
      };
      expect(report.dependencies.find((d) => d.name === 'redis')?.status).toBe('down');
      expect((await fetch(`http://127.0.0.1:${svc.port}/health`)).status).toBe(200);

      // Let the client retry several times: the outage must still be logged only once.
      await new Promise((r) => setTimeout(r, 2_000));
      const outageLines = sink.lines().filter((l) => l['dependency'] === 'redis');
      expect(outageLines.length).toBe(1);

      redis = await ManagedProcess.start({
        name: 'redis-late',
        command: 'redis-server',
        args: ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', ''],
        logFile: join(tmpdir(), `redis-late-${redisPort}.log`),
        port: redisPort,
      });
      await expectEventually(
        async () => {
          const r = await fetch(`http://127.0.0.1:${svc.port}/ready`);
          if (r.status !== 200) throw new Error(`still ${r.status}`);
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
    } finally {
      await svc.close();
      await redis?.stop();
    }
  });

  it('starts with Mongo and NATS unreachable and reports both down', async () => {
    const [mongoPort, natsPort] = [await freePort(), await freePort()];
    const svc = await startService(
      definition,
      testEnv({
        MONGO_URL: `mongodb://127.0.0.1:${mongoPort}`,
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
      }),
      [],
    );
    try {
      // Redis (reachable) connects within moments; NATS and Mongo stay down.
      const report = await expectEventually(async () => {
        const res = await fetch(`http://127.0.0.1:${svc.port}/ready`);
        expect(res.status).toBe(503);
        const body = (await res.json()) as {
          status: string;
          dependencies: { name: string; status: string }[];
        };
        expect(Object.fromEntries(body.dependencies.map((d) => [d.name, d.status]))).toEqual({
          nats: 'down',
          mongo: 'down',
          redis: 'up',
        });
        return body;
      });
      expect(report.status).toBe('degraded');
    } finally {
      await svc.close();
    }
  });

  it('refuses to boot with invalid configuration, naming each variable', async () => {
    await expect(
      startService(
        definition,
        { ...testEnv(), MONGO_URL: 'postgres://x', SERVICE_ROLE: 'boss' },
        [],
      ),
    ).rejects.toThrow(/SERVICE_ROLE[\s\S]*MONGO_URL|MONGO_URL[\s\S]*SERVICE_ROLE/);
  });

  it('uses the health subject of the service it boots', () => {
    expect(HealthSubjects.records.check.subject).toBe('records.health.check.v1');
    expect(readTestInfra().natsUrl).toMatch(/^nats:\/\//);
  });
});
