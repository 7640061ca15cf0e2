/**
 * Response of the gateway's `GET /api/v1/health`: the shared contract types (type-only imports,
 * so zod stays out of the bundle).
 */
import type { PlatformHealth, ServiceHealth } from '@refinery/contracts';

export type {
  DependencyStatus,
  PlatformHealth,
  ServiceHealth,
  ServiceName,
  ServiceRole,
} from '@refinery/contracts';

export type HealthStatus = PlatformHealth['status'];

/** A service the gateway could not reach (no responder, timeout, ...). */
export type UnreachableService = Exclude<PlatformHealth['services'][number], ServiceHealth>;

export function isUnreachable(entry: PlatformHealth['services'][number]): entry is UnreachableService {
  return 'error' in entry && !('instanceId' in entry);
}
