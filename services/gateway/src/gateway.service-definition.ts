import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Express } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { GatewayModule } from './app.module.js';
import { apiConfigFields } from './api/api-config.js';
import { checkIdentityConfig, identityConfigFields } from './identity/identity-config.js';
import { requestId } from './http/request-id.middleware.js';
import { serveWebApp } from './http/web-app.js';
import { notificationConfigFields } from './notifications/notification-config.js';

const defaultWebDir = resolve(fileURLToPath(import.meta.url), '../../../../apps/web/dist/browser');

export const gatewayConfigSchema = configWithPort(8080).extend({
  /** The built Angular app (apps/web/dist/browser); the API works without it. */
  WEB_DIST_DIR: z.string().default(defaultWebDir),
  /** Largest accepted JSON body. */
  HTTP_BODY_LIMIT: z.string().default('1mb'),
  ...identityConfigFields,
  ...apiConfigFields,
  ...notificationConfigFields,
}).superRefine(checkIdentityConfig);
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** The gateway asks the services over NATS (it answers none) and serves the web app. */
export const gatewayService: ServiceDefinition<typeof gatewayConfigSchema> = {
  service: 'gateway',
  module: GatewayModule,
  configSchema: gatewayConfigSchema,
  nats: 'client',
  configure: (app, config, logger) => {
    (app as NestExpressApplication).useBodyParser('json', { limit: config.HTTP_BODY_LIMIT });
    const http = app.getHttpAdapter().getInstance() as Express;
    http.disable('x-powered-by');
    http.use(requestId);
    if (!serveWebApp(http, config.WEB_DIST_DIR)) {
      logger.warn({ dir: config.WEB_DIST_DIR }, 'web app not built; serving the API only');
    }
  },
};
