import { Inject, Injectable } from '@nestjs/common';
import type { ServiceHealth } from '@refinery/contracts';
import type { HealthRegistry } from '@refinery/server-core';
import { HEALTH, KIT_OPTIONS } from './tokens.js';
import type { KitOptions } from './kit-options.js';

@Injectable()
export class HealthService {
  constructor(
    @Inject(KIT_OPTIONS) private readonly options: KitOptions,
    @Inject(HEALTH) private readonly registry: HealthRegistry,
  ) {}

  async report(): Promise<ServiceHealth> {
    const dependencies = await this.registry.check();
    const down = dependencies.filter((d) => d.status === 'down').length;
    return {
      service: this.options.service,
      instanceId: this.options.instanceId,
      version: this.options.version,
      role: this.options.config.SERVICE_ROLE,
      status: down === 0 ? 'ok' : down === dependencies.length ? 'down' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - this.options.startedAt) / 1000),
      dependencies,
    };
  }
}
