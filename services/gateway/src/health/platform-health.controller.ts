import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformHealthService } from './platform-health.service.js';

@Controller('api/v1/health')
export class PlatformHealthController {
  constructor(@Inject(PlatformHealthService) private readonly health: PlatformHealthService) {}

  /** 200 when every service and dependency is up, else 503 with the same report. */
  @Get()
  async get(@Res() res: Response): Promise<void> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
