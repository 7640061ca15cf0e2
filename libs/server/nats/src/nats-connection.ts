import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  AppError,
  ThrottledLog,
  retryForever,
  type DependencyProbe,
  type Logger,
} from '@refinery/server-core';

export interface NatsConnectionOptions {
  url: string;
  name: string;
  logger: Logger;
  logIntervalMs: number;
  /** Prepended (with a dot) to every subject on the wire; see REFINERY_NAMESPACE. */
  namespace?: string;
}

/**
 * Owns the service's NATS connection. Connecting happens in the background with backoff, so a
 * service whose NATS is down still starts, reports not-ready and logs once per interval.
 */
export class NatsConnectionManager implements DependencyProbe {
  readonly name = 'nats';
  private nc: NatsConnection | undefined;
  private readonly abort = new AbortController();
  private readonly connected: Promise<NatsConnection | undefined>;
  private readonly onConnect: ((nc: NatsConnection) => void)[] = [];

  constructor(private readonly opts: NatsConnectionOptions) {
    const throttled = new ThrottledLog(opts.logger, opts.logIntervalMs);
    this.connected = retryForever(
      () =>
        connect({
          servers: opts.url,
          name: opts.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1_000,
          waitOnFirstConnect: false,
          timeout: 2_000,
          // No Error (with its stack) built up front per request just in case it fails: that was
          // ~4% of the gateway's CPU under load; our bus errors name the subject instead.
          noAsyncTraces: true,
        }),
      (error, attempt, delayMs) =>
        throttled.warn(
          { dependency: 'nats', url: opts.url, attempt, retryInMs: delayMs, err: String(error) },
          'cannot reach NATS; retrying',
        ),
      this.abort.signal,
    ).then((nc) => {
      if (!nc) return undefined;
      this.nc = nc;
      opts.logger.info({ dependency: 'nats', url: opts.url }, 'connected to NATS');
      void this.watch(nc, throttled);
      for (const cb of this.onConnect) cb(nc);
      return nc;
    });
  }

  private async watch(nc: NatsConnection, throttled: ThrottledLog): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting') {
        throttled.warn({ dependency: 'nats', event: s.type }, 'NATS connection lost; reconnecting');
      } else if (s.type === 'reconnect') {
        throttled.reset();
        this.opts.logger.info({ dependency: 'nats' }, 'NATS reconnected');
      }
    }
  }

  /** The subject on the wire for a contract's subject. */
  wireSubject(subject: string): string {
    return this.opts.namespace ? `${this.opts.namespace}.${subject}` : subject;
  }

  /** Runs `cb` once connected (immediately when already connected). */
  whenConnected(cb: (nc: NatsConnection) => void): void {
    if (this.nc) cb(this.nc);
    else this.onConnect.push(cb);
  }

  waitConnected(): Promise<NatsConnection | undefined> {
    return this.connected;
  }

  /** The live connection, or an UNAVAILABLE error naming NATS. */
  get(): NatsConnection {
    if (!this.nc || this.nc.isClosed()) {
      throw new AppError('UNAVAILABLE', `NATS at ${this.opts.url} is not connected`);
    }
    return this.nc;
  }

  async check(): Promise<void> {
    await this.get().flush();
  }

  async close(): Promise<void> {
    this.abort.abort();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}
