import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnectionManager } from '@refinery/server-nats';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { QueueManager } from '@refinery/server-queue';
import type { Logger } from '@refinery/server-core';
import { LOGGER, MONGO, NATS_CONNECTION, QUEUE } from './tokens.js';

/** Closes connections in dependency order: stop taking jobs, drain NATS, then the database. */
@Injectable()
export class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnectionManager,
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down');
    await this.queue?.close();
    await this.nats.close();
    await this.mongo.close();
    this.logger.info('stopped');
  }
}
