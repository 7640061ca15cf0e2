import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { CONFIG } from '@refinery/server-kit';
import { NOTIFICATION_AUTH, type NotificationAuth } from './notification-auth.js';
import { notificationLimits, type notificationConfigFields } from './notification-config.js';
import { NOTIFICATION_LIMITS } from './notification-tokens.js';
import { NotificationHub } from './notification-hub.service.js';
import { NotificationsServer } from './notifications.server.js';

export interface NotificationsModuleOptions {
  /** the module that provides `auth` */
  readonly imports: NonNullable<ModuleMetadata['imports']>;
  /** identity's implementation of NotificationAuth */
  readonly auth: Type<NotificationAuth>;
}

/** `/api/v1/ws`: project notifications for browsers and API clients. */
@Module({})
export class NotificationsModule {
  static register(options: NotificationsModuleOptions): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [...options.imports],
      providers: [
        NotificationHub,
        NotificationsServer,
        { provide: NOTIFICATION_AUTH, useExisting: options.auth },
        {
          provide: NOTIFICATION_LIMITS,
          inject: [CONFIG],
          useFactory: (config: { [K in keyof typeof notificationConfigFields]: number }) => notificationLimits(config),
        },
      ],
      exports: [NotificationHub, NotificationsServer],
    };
  }
}
