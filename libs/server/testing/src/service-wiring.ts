import { HealthSubjects, type BackendService } from '@refinery/contracts';
import { startService, type ServiceDefinition, type RunningService } from '@refinery/server-kit';
import { testEnv } from './test-env.js';
import { testBus, type TestBus } from './test-bus.js';
import { expectEventually } from './eventually.js';

/**
 * The wiring test every backend service runs against real NATS, Redis and FerretDB: it answers
 * its health subject over NATS with every dependency up, and its self-check writes and reads its
 * own database and round-trips a BullMQ job through its worker.
 */
export function describeServiceWiring(definition: ServiceDefinition): void {
  const service = definition.service as BackendService;

  describe(`${service} service wiring`, () => {
    let running: RunningService;
    let client: TestBus;
    let env: Record<string, string>;

    beforeAll(async () => {
      env = testEnv();
      running = await startService(definition, env, []);
      client = await testBus(env);
    });

    afterAll(async () => {
      await client?.close();
      await running?.close();
    });

    it('reports every dependency up over NATS', async () => {
      const health = await expectEventually(async () => {
        const h = await client.bus.request(HealthSubjects[service].check, {});
        if (h.status !== 'ok') throw new Error(`not ready yet: ${JSON.stringify(h.dependencies)}`);
        return h;
      });
      expect(health.service).toBe(service);
      expect(health.instanceId).toBe(running.instanceId);
      expect(health.dependencies.map((d) => d.name).sort()).toEqual(
        definition.jobs ? ['mongo', 'nats', 'redis'] : ['mongo', 'nats'],
      );
    });

    it('writes and reads its database and completes a job through its worker', async () => {
      const result = await client.bus.request(HealthSubjects[service].selfCheck, {});
      expect(result.service).toBe(service);
      expect(result.mongo.readBack).toBe(true);
      if (definition.jobs) {
        expect(result.job?.state).toBe('completed');
        expect(result.job?.processedBy).toBe(running.instanceId);
      } else {
        expect(result.job).toBeNull();
      }
    });

    it('serves /health and /ready over HTTP', async () => {
      const live = await fetch(`http://127.0.0.1:${running.port}/health`);
      expect(live.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${running.port}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { service: string }).service).toBe(service);
    });
  });
}
