import { Controller, Inject, type Type } from '@nestjs/common';
import {
  HealthSubjects,
  type BackendService,
  type SelfCheckResult,
  type ServiceHealth,
} from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { HealthService } from './health.service.js';
import { SelfCheckService } from './selfcheck.service.js';

/** The health and self-check subjects of one service (subjects carry the service's name). */
export function createHealthNatsController(service: BackendService): Type<unknown> {
  const subjects = HealthSubjects[service];

  @Controller()
  class HealthNatsController {
    constructor(
      @Inject(HealthService) private readonly health: HealthService,
      @Inject(SelfCheckService) private readonly selfCheck: SelfCheckService,
    ) {}

    @NatsRequestHandler(subjects.check)
    check(): Promise<ServiceHealth> {
      return this.health.report();
    }

    @NatsRequestHandler(subjects.selfCheck)
    run(): Promise<SelfCheckResult> {
      return this.selfCheck.run();
    }
  }
  return HealthNatsController;
}
