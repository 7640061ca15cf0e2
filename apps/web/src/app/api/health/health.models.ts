/**
 * Response of the gateway's `GET /api/v1/health`.
 *
 * Mirrors `PlatformHealth` of `@refinery/contracts` (libs/contracts/src/health.ts) exactly; it is
 * kept local until the web app imports the contracts package directly.
 */

export type ServiceName =
  'gateway' | 'records' | 'embeddings' | 'heuristics' | 'weak-supervision' | 'export';

export type ServiceRole = 'api' | 'worker' | 'all';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
}

/** A service instance that answered its health check. */
export interface ServiceHealth {
  service: ServiceName;
  instanceId: string;
  version: string;
  role: ServiceRole;
  status: HealthStatus;
  uptimeSeconds: number;
  dependencies: DependencyStatus[];
}

/** A service the gateway could not reach (no responder, timeout, ...). */
export interface UnreachableService {
  service: ServiceName;
  status: 'down';
  error: string;
}

export interface PlatformHealth {
  status: HealthStatus;
  /** ISO 8601 timestamp of the gateway's check. */
  checkedAt: string;
  services: (ServiceHealth | UnreachableService)[];
}

export function isUnreachable(
  entry: ServiceHealth | UnreachableService,
): entry is UnreachableService {
  return 'error' in entry && !('instanceId' in entry);
}
