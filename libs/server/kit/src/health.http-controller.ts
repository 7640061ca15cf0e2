import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service.js';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: every dependency is up). */
@Controller()
export class HealthHttpController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get('health')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
