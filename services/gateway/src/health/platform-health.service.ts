import { Inject, Injectable } from '@nestjs/common';
import { HealthSubjects, backendServices, type PlatformHealth } from '@refinery/contracts';
import type { NatsBus } from '@refinery/server-nats';
import { HealthService, NATS_BUS } from '@refinery/server-kit';

/** Asks every backend service for its health over NATS, in parallel, with a short timeout. */
@Injectable()
export class PlatformHealthService {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(HealthService) private readonly own: HealthService,
  ) {}

  async check(timeoutMs = 1_500): Promise<PlatformHealth> {
    const [gateway, ...others] = await Promise.all([
      this.own.report(),
      ...backendServices.map((service) =>
        this.bus
          .request(HealthSubjects[service].check, {}, { timeoutMs })
          .catch((error: unknown) => ({
            service,
            status: 'down' as const,
            error: error instanceof Error ? error.message : String(error),
          })),
      ),
    ]);
    const services = [gateway, ...others];
    const statuses = services.map((s) => s.status);
    const status = statuses.every((s) => s === 'ok')
      ? 'ok'
      : statuses.every((s) => s === 'down')
        ? 'down'
        : 'degraded';
    return { status, checkedAt: new Date().toISOString(), services };
  }
}
