import type { PlatformHealth } from '../app/api/health/health.models';

/** A gateway answer with one healthy, one degraded and one unreachable service. */
export function degradedPlatform(): PlatformHealth {
  return {
    status: 'degraded',
    checkedAt: '2026-05-04T10:15:30.000Z',
    services: [
      {
        service: 'gateway',
        instanceId: 'gateway-7c9f-1',
        version: '0.1.0',
        role: 'api',
        status: 'ok',
        uptimeSeconds: 93_784,
        dependencies: [{ name: 'nats', status: 'up', latencyMs: 1 }],
      },
      {
        service: 'records',
        instanceId: 'records-5d2a-1',
        version: '0.1.0',
        role: 'all',
        status: 'degraded',
        uptimeSeconds: 125,
        dependencies: [
          { name: 'nats', status: 'up', latencyMs: 2 },
          { name: 'mongo', status: 'up', latencyMs: 4 },
          { name: 'redis', status: 'down', error: 'ECONNREFUSED 127.0.0.1:6379' },
        ],
      },
      {
        service: 'embeddings',
        status: 'down',
        error: 'no responders for embeddings.health.check.v1',
      },
    ],
  };
}
