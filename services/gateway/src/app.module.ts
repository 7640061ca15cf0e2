import { Module } from '@nestjs/common';
import { PlatformHealthController } from './health/platform-health.controller.js';
import { PlatformHealthService } from './health/platform-health.service.js';

@Module({
  controllers: [PlatformHealthController],
  providers: [PlatformHealthService],
})
export class GatewayModule {}
