import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthRegistry } from '@refinery/server-core';
import { NatsBus, NatsConnectionManager } from '@refinery/server-nats';
import { MongoConnectionManager } from '@refinery/server-mongo';
import { QueueManager } from '@refinery/server-queue';
import {
  CONFIG,
  HEALTH,
  KIT_OPTIONS,
  LOGGER,
  MONGO,
  NATS_BUS,
  NATS_CONNECTION,
  QUEUE,
} from './tokens.js';
import type { KitOptions } from './kit-options.js';
import { HealthService } from './health.service.js';
import { HealthHttpController } from './health.http-controller.js';
import { createHealthNatsController } from './health.nats-controller.js';
import { SelfCheckService } from './selfcheck.service.js';
import { SelfCheckProbeJob } from './selfcheck.job.js';
import { QueueHost } from './queue-host.js';
import { ConnectionCloser } from './shutdown.js';

/**
 * Everything a service needs besides its features: config, logger, NATS (server or client),
 * its Mongo database, its BullMQ queue, health endpoints and the self-check. Global, so feature
 * modules inject the tokens directly.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: KitOptions): DynamicModule {
    const logIntervalMs = options.config.DEPENDENCY_LOG_INTERVAL_S * 1000;
    const health = new HealthRegistry();
    const providers: Provider[] = [
      { provide: KIT_OPTIONS, useValue: options },
      { provide: CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: HEALTH, useValue: health },
      {
        provide: NATS_CONNECTION,
        useFactory: () => {
          const conn = new NatsConnectionManager({
            url: options.config.NATS_URL,
            name: `${options.service}:${options.instanceId}`,
            logger: options.logger,
            logIntervalMs,
            namespace: options.config.REFINERY_NAMESPACE,
          });
          health.register(conn);
          return conn;
        },
      },
      {
        provide: NATS_BUS,
        useFactory: (c: NatsConnectionManager) => new NatsBus(c),
        inject: [NATS_CONNECTION],
      },
      {
        provide: MONGO,
        useFactory: () => {
          const mongo = new MongoConnectionManager({
            url: options.config.MONGO_URL,
            dbName: `${options.config.MONGO_DB_PREFIX}_${options.service.replace(/-/g, '_')}`,
            logger: options.logger,
            logIntervalMs,
          });
          health.register(mongo);
          return mongo;
        },
      },
      {
        provide: QUEUE,
        useFactory: () => {
          if (!options.jobs) return null;
          const queue = new QueueManager({
            service: options.service,
            redisUrl: options.config.REDIS_URL,
            definitions: [SelfCheckProbeJob, ...options.jobs],
            logger: options.logger,
            logIntervalMs,
            instanceId: options.instanceId,
            namespace: options.config.REFINERY_NAMESPACE,
          });
          health.register(queue);
          return queue;
        },
      },
      HealthService,
      SelfCheckService,
      QueueHost,
      ConnectionCloser,
    ];
    const controllers =
      options.nats === 'server' && options.service !== 'gateway'
        ? [HealthHttpController, createHealthNatsController(options.service)]
        : [HealthHttpController];
    return {
      module: ServiceKitModule,
      global: true,
      imports: [DiscoveryModule],
      providers,
      controllers,
      exports: [
        KIT_OPTIONS,
        CONFIG,
        LOGGER,
        HEALTH,
        NATS_CONNECTION,
        NATS_BUS,
        MONGO,
        QUEUE,
        HealthService,
      ],
    };
  }
}
