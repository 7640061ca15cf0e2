import type { ServiceName } from '@refinery/contracts';
import type { BaseConfig, Logger } from '@refinery/server-core';
import type { JobDefinition } from '@refinery/server-queue';

export interface KitOptions {
  service: ServiceName;
  version: string;
  instanceId: string;
  config: BaseConfig;
  logger: Logger;
  /** `server`: answers requests in the service's queue group; `client`: only asks (gateway). */
  nats: 'server' | 'client';
  /** Job types the service runs; `undefined` = the service has no queue. */
  jobs?: readonly JobDefinition[];
  startedAt: number;
}
