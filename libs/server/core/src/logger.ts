import { pino, type Logger, type LevelWithSilent } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { currentContext } from './context.js';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout, each line carrying the current correlation id. */
export function createLogger(
  service: string,
  level: LevelWithSilent,
  instanceId: string,
  destination?: NodeJS.WritableStream,
): Logger {
  const options = {
    level,
    base: { service, instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = currentContext();
      return ctx
        ? { correlationId: ctx.correlationId, ...(ctx.subject ? { subject: ctx.subject } : {}) }
        : {};
    },
    redact: {
      paths: ['*.password', '*.token', '*.secret', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  } satisfies Parameters<typeof pino>[0];
  return destination ? pino(options, destination) : pino(options);
}

/** Routes Nest's own log calls into the same structured logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * Logs a repeating condition (a dependency that stays down) at most once per interval, with the
 * number of suppressed repeats, so an outage never floods the logs.
 */
export class ThrottledLog {
  private last = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  warn(obj: Record<string, unknown>, msg: string): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs && this.last !== 0) {
      this.suppressed++;
      return false;
    }
    this.logger.warn({ ...obj, suppressedRepeats: this.suppressed }, msg);
    this.last = t;
    this.suppressed = 0;
    return true;
  }

  reset(): void {
    this.last = 0;
    this.suppressed = 0;
  }
}
