import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { INestApplication, Type, DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { z } from 'zod';
import type { ServiceName } from '@refinery/contracts';
import {
  BaseConfigSchema,
  ConfigError,
  NestPinoLogger,
  createLogger,
  loadConfig,
  runsApi,
  type BaseConfig,
  type Logger,
} from '@refinery/server-core';
import { EnvelopeNatsServer, type NatsConnectionManager } from '@refinery/server-nats';
import type { JobDefinition } from '@refinery/server-queue';
import { ServiceKitModule } from './service-kit.module.js';
import { NATS_CONNECTION } from './tokens.js';
import { KitExceptionFilter } from './exception.filter.js';

export interface ServiceDefinition<S extends z.ZodObject = z.ZodObject> {
  service: ServiceName;
  /** The service's features; kit tokens (CONFIG, NATS_BUS, MONGO, QUEUE, ...) are injectable. */
  module: Type<unknown> | DynamicModule;
  /** Extends BaseConfigSchema with the service's own settings. */
  configSchema?: S;
  /** Job types the service runs (omit for services without a queue). */
  jobs?: readonly JobDefinition[];
  nats?: 'server' | 'client';
  /** Called before listening, e.g. to add middleware or static files (gateway). */
  configure?: (app: INestApplication, config: z.infer<S>, logger: Logger) => void | Promise<void>;
}

export interface RunningService<C extends BaseConfig = BaseConfig> {
  app: INestApplication;
  config: C;
  logger: Logger;
  instanceId: string;
  /** The HTTP port actually bound (useful with HTTP_PORT=0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Creates and starts a service: validated config, structured logger, the Nest HTTP app for
 * health, and — in the api role — the NATS microservice in the service's queue group.
 * Used by every `main.ts` and by the integration tests, so tests exercise the real wiring.
 */
export async function startService<S extends z.ZodObject = z.ZodObject>(
  def: ServiceDefinition<S>,
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = process.argv.slice(2),
  options: { logDestination?: NodeJS.WritableStream } = {},
): Promise<RunningService<z.infer<S> & BaseConfig>> {
  const schema = (def.configSchema ?? BaseConfigSchema) as S;
  const config = loadConfig(schema, env, argv) as z.infer<S> & BaseConfig;
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = createLogger(def.service, config.LOG_LEVEL, instanceId, options.logDestination);
  const nats = def.nats ?? 'server';

  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: def.service,
        version: env['REFINERY_VERSION'] ?? '0.1.0',
        instanceId,
        config,
        logger,
        nats,
        ...(def.jobs ? { jobs: def.jobs } : {}),
        startedAt: Date.now(),
      }),
      def.module,
    ],
  })
  class RootModule {}

  const app = await NestFactory.create(RootModule, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  app.useGlobalFilters(new KitExceptionFilter(logger));
  if (nats === 'server' && runsApi(config.SERVICE_ROLE)) {
    const connection = app.get<NatsConnectionManager>(NATS_CONNECTION);
    // Handlers are bound inside connectMicroservice, so the filter must be inherited from here.
    app.connectMicroservice(
      { strategy: new EnvelopeNatsServer({ connection, queueGroup: def.service, logger }) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await def.configure?.(app, config, logger);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const address = app.getHttpServer().address() as { port: number } | string | null;
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  logger.info(
    { role: config.SERVICE_ROLE, port, host: config.HTTP_HOST },
    `${def.service} started`,
  );
  return { app, config, logger, instanceId, port, close: () => app.close() };
}

/** Entry point of a service process: exits with a clear message on bad config or a taken port. */
export function runService<S extends z.ZodObject>(def: ServiceDefinition<S>): void {
  startService(def)
    .then((running) => {
      const forceExit = (signal: string) => {
        setTimeout(() => {
          running.logger.error({ signal }, 'shutdown timed out; exiting');
          process.exit(1);
        }, running.config.SHUTDOWN_TIMEOUT_MS).unref();
      };
      process.once('SIGTERM', () => forceExit('SIGTERM'));
      process.once('SIGINT', () => forceExit('SIGINT'));
    })
    .catch((error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${def.service}: ${error.message}\n`);
      } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        process.stderr.write(
          `${def.service}: HTTP port is already in use (${String((error as Error).message)})\n`,
        );
      } else {
        process.stderr.write(
          `${def.service}: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
      }
      process.exit(1);
    });
}
