import { backendServices, type PlatformHealth } from '@refinery/contracts';
import { expectEventually, testEnv } from '@refinery/server-testing';
import type { RunningService, ServiceDefinition } from '@refinery/server-kit';
import { startService } from '@refinery/server-kit';
import { gatewayService } from '@refinery/service-gateway';
import { recordsService } from '@refinery/service-records';
import { embeddingsService } from '@refinery/service-embeddings';
import { heuristicsService } from '@refinery/service-heuristics';
import { weakSupervisionService } from '@refinery/service-weak-supervision';
import { exportService } from '@refinery/service-export';

const definitions: ServiceDefinition[] = [
  recordsService,
  embeddingsService,
  heuristicsService,
  weakSupervisionService,
  exportService,
] as ServiceDefinition[];

describe('the platform through the gateway', () => {
  const running = new Map<string, RunningService>();
  let gateway: RunningService;
  let base: string;

  beforeAll(async () => {
    const env = testEnv();
    for (const def of definitions) running.set(def.service, await startService(def, env, []));
    gateway = await startService(
      gatewayService as ServiceDefinition,
      { ...env, WEB_DIST_DIR: '/nonexistent' },
      [],
    );
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway?.close();
    for (const svc of running.values()) await svc.close();
  });

  it('reports every service and its dependencies, asked over NATS', async () => {
    const body = await expectEventually(async () => {
      const res = await fetch(`${base}/api/v1/health`);
      const json = (await res.json()) as PlatformHealth;
      if (res.status !== 200) throw new Error(JSON.stringify(json));
      return json;
    });
    expect(body.status).toBe('ok');
    expect(body.services.map((s) => s.service).sort()).toEqual(
      ['gateway', ...backendServices].sort(),
    );
    for (const s of body.services) {
      if (!('dependencies' in s)) throw new Error(`${s.service} missing dependencies`);
      expect(s.dependencies.every((d) => d.status === 'up')).toBe(true);
    }
  });

  it('gives every response a request id and errors in one shape', async () => {
    const res = await fetch(`${base}/api/v1/does-not-exist`, {
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('does-not-exist') },
    });
    const generated = await fetch(`${base}/api/v1/health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows a stopped service as down and the platform as degraded', async () => {
    await running.get('export')?.close();
    running.delete('export');
    // Polled: on a loaded machine a dependency probe of another service may time out once.
    await expectEventually(async () => {
      const res = await fetch(`${base}/api/v1/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as PlatformHealth;
      expect(body.status).toBe('degraded');
      const exp = body.services.find((s) => s.service === 'export');
      expect(exp).toMatchObject({
        status: 'down',
        error: expect.stringMatching(/no service answers|no reply/),
      });
      expect(
        body.services
          .filter((s) => s.status === 'ok')
          .map((s) => s.service)
          .sort(),
      ).toEqual(['gateway', ...backendServices.filter((s) => s !== 'export')].sort());
    });
  });
});
