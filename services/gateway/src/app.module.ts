import { Module } from '@nestjs/common';
import { ApiModule } from './api/api.module.js';
import { PlatformHealthController } from './health/platform-health.controller.js';
import { PlatformHealthService } from './health/platform-health.service.js';
import { IdentityModule } from './identity/identity.module.js';
import { IdentityNotificationAuth } from './identity/notifications/identity-notification-auth.js';
import { NotificationsModule } from './notifications/notifications.module.js';

@Module({
  imports: [IdentityModule, ApiModule.forIdentity(), NotificationsModule.register({ imports: [IdentityModule], auth: IdentityNotificationAuth })],
  controllers: [PlatformHealthController],
  providers: [PlatformHealthService],
})
export class GatewayModule {}
