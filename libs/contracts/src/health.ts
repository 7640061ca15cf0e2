import { z } from 'zod';
import { defineRequest } from './message.js';
import { ServiceName, ServiceRole, type BackendService, backendServices } from './services.js';

export const DependencyStatus = z.object({
  name: z.string(),
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

export const ServiceHealth = z.object({
  service: ServiceName,
  instanceId: z.string(),
  version: z.string(),
  role: ServiceRole,
  status: z.enum(['ok', 'degraded', 'down']),
  uptimeSeconds: z.number().nonnegative(),
  dependencies: z.array(DependencyStatus),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

/** `/api/v1/health` of the gateway: every service as seen over NATS plus the gateway's own. */
export const PlatformHealth = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checkedAt: z.iso.datetime(),
  services: z.array(
    ServiceHealth.or(
      z.object({
        service: ServiceName,
        status: z.literal('down'),
        error: z.string(),
      }),
    ),
  ),
});
export type PlatformHealth = z.infer<typeof PlatformHealth>;

/**
 * A deep self-check: writes and reads a probe document in the service's own database and, where
 * the service runs jobs, round-trips a BullMQ job through a worker.
 */
export const SelfCheckResult = z.object({
  service: ServiceName,
  mongo: z.object({ probeId: z.string(), readBack: z.boolean(), latencyMs: z.number() }),
  job: z
    .object({
      jobId: z.string(),
      state: z.string(),
      latencyMs: z.number(),
      processedBy: z.string(),
    })
    .nullable(),
});
export type SelfCheckResult = z.infer<typeof SelfCheckResult>;

const Empty = z.object({}).strict();

function healthContracts(service: BackendService) {
  return {
    check: defineRequest(`${service}.health.check.v1`, Empty, ServiceHealth, 2_000),
    selfCheck: defineRequest(`${service}.selfcheck.run.v1`, Empty, SelfCheckResult, 15_000),
  };
}

export const HealthSubjects = Object.fromEntries(
  backendServices.map((s) => [s, healthContracts(s)]),
) as { [S in BackendService]: ReturnType<typeof healthContracts> };
