import mongoose, { type Connection } from 'mongoose';
import {
  AppError,
  ThrottledLog,
  retryForever,
  type DependencyProbe,
  type Logger,
} from '@refinery/server-core';

export interface MongoConnectionOptions {
  url: string;
  /** One database per service: `<prefix>_<service>`. */
  dbName: string;
  logger: Logger;
  logIntervalMs: number;
}

/**
 * The service's own Mongo database through mongoose. Like NATS, the first connection is retried
 * in the background so the service starts (not ready) while the database is down.
 *
 * FerretDB compatibility: no transactions, no change streams, no nested arrays — models built on
 * this connection must stay inside that subset (see ARCHITECTURE.md).
 */
export class MongoConnectionManager implements DependencyProbe {
  readonly name = 'mongo';
  readonly connection: Connection;
  private readonly abort = new AbortController();
  private readonly opened: Promise<Connection | undefined>;

  constructor(private readonly opts: MongoConnectionOptions) {
    this.connection = mongoose.createConnection();
    this.connection.set('bufferTimeoutMS', 5_000);
    const throttled = new ThrottledLog(opts.logger, opts.logIntervalMs);
    this.connection.on('disconnected', () =>
      this.abort.signal.aborted
        ? undefined
        : throttled.warn(
            { dependency: 'mongo', db: opts.dbName },
            'Mongo connection lost; the driver reconnects',
          ),
    );
    this.opened = retryForever(
      () =>
        this.connection.openUri(opts.url, {
          dbName: opts.dbName,
          serverSelectionTimeoutMS: 2_000,
          autoIndex: true,
          // FerretDB does not implement retryable writes' session semantics fully.
          retryWrites: false,
        }),
      (error, attempt, delayMs) =>
        throttled.warn(
          { dependency: 'mongo', db: opts.dbName, attempt, retryInMs: delayMs, err: String(error) },
          'cannot reach Mongo; retrying',
        ),
      this.abort.signal,
    ).then((conn) => {
      if (conn) opts.logger.info({ dependency: 'mongo', db: opts.dbName }, 'connected to Mongo');
      return conn;
    });
  }

  waitConnected(): Promise<Connection | undefined> {
    return this.opened;
  }

  async check(): Promise<void> {
    const db = this.connection.db;
    if (this.connection.readyState !== 1 || !db) {
      throw new AppError('UNAVAILABLE', `Mongo database ${this.opts.dbName} is not connected`);
    }
    await db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.connection.close().catch(() => undefined);
  }
}
