import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom, isObservable, type Observable } from 'rxjs';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ErrorBody } from '@refinery/contracts';
import { AppError, describeIssues, runWithContext, type Logger } from '@refinery/server-core';
import type { NatsConnectionManager } from './nats-connection.js';
import { handlerContracts } from './nats-handler.decorator.js';
import { decodeJson, encode, makeEnvelope, parseEnvelope } from './envelope.js';

export interface EnvelopeServerOptions {
  connection: NatsConnectionManager;
  /** Replicas of one service share the queue group, so each message reaches one of them. */
  queueGroup: string;
  logger: Logger;
}

/**
 * Nest microservice transport speaking the platform's envelope protocol over NATS: validates
 * every incoming envelope against the handler's contract, runs the handler with the message's
 * correlation id and actor in context, validates the reply and answers `{ok, payload|error}`.
 * A malformed message gets a VALIDATION_FAILED reply naming the field; the service keeps running.
 */
export class EnvelopeNatsServer extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly options: EnvelopeServerOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    const missing = [...this.messageHandlers.keys()].filter((s) => !handlerContracts.has(s));
    if (missing.length) {
      callback(new Error(`NATS handlers without a contract: ${missing.join(', ')}`));
      return;
    }
    this.options.connection.whenConnected((nc) => this.subscribeAll(nc));
    callback();
  }

  private subscribeAll(nc: NatsConnection): void {
    for (const [subject, handler] of this.messageHandlers) {
      const sub = nc.subscribe(this.options.connection.wireSubject(subject), {
        queue: this.options.queueGroup,
        callback: (err, msg) => {
          if (err) {
            this.options.logger.error({ subject, err: String(err) }, 'NATS subscription error');
            return;
          }
          void this.handle(subject, handler, msg);
        },
      });
      this.subscriptions.push(sub);
    }
    this.options.logger.info(
      { subjects: [...this.messageHandlers.keys()], queue: this.options.queueGroup },
      'listening on NATS',
    );
  }

  private async handle(subject: string, handler: MessageHandler, msg: Msg): Promise<void> {
    const contract = handlerContracts.get(subject);
    if (!contract) return;
    const isRequest = contract.kind === 'request';
    let correlationId: string | undefined;
    try {
      const env = parseEnvelope(
        decodeJson(msg.data, subject),
        isRequest ? contract.request : contract.payload,
        subject,
      );
      correlationId = env.correlationId;
      const ctx = { correlationId, actor: env.actor, projectId: env.projectId, subject };
      await runWithContext(ctx, async () => {
        const result = await this.invoke(handler, env);
        if (!isRequest || !msg.reply) return;
        const checked = contract.reply.safeParse(result);
        if (!checked.success) {
          this.options.logger.error(
            { subject, issues: describeIssues(checked.error.issues) },
            'handler produced a reply that violates its contract',
          );
          throw new AppError('INTERNAL', `the ${subject} handler produced an invalid reply`);
        }
        const reply = encode(makeEnvelope(subject, { ok: true, payload: checked.data }));
        const max = this.options.connection.get().info?.max_payload ?? 0;
        if (max > 0 && reply.length > max) {
          // NATS would refuse to send it and the caller would only see a timeout.
          throw new AppError('LIMIT_EXCEEDED', `the reply of ${subject} would be ${reply.length} bytes, over the ${max}-byte message limit of NATS: ask for fewer items at a time`);
        }
        msg.respond(reply);
      });
    } catch (error) {
      const body = this.toErrorBody(subject, error);
      if (isRequest && msg.reply) {
        msg.respond(
          encode(
            makeEnvelope(
              subject,
              { ok: false, error: body },
              correlationId ? { correlationId } : {},
            ),
          ),
        );
      }
    }
  }

  private async invoke(handler: MessageHandler, env: unknown): Promise<unknown> {
    const out: unknown = await handler(env);
    if (isObservable(out))
      return lastValueFrom(out as Observable<unknown>, { defaultValue: undefined });
    return out;
  }

  private toErrorBody(subject: string, error: unknown): ErrorBody {
    if (error instanceof AppError) {
      const level = error.code === 'INTERNAL' ? 'error' : 'info';
      this.options.logger[level]({ subject, code: error.code }, error.message);
      return error.toBody();
    }
    this.options.logger.error(
      {
        subject,
        err:
          error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      },
      'unhandled error in NATS handler',
    );
    return { code: 'INTERNAL', message: `internal error while handling ${subject}` };
  }

  on(): never {
    throw new Error('EnvelopeNatsServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.options.connection.get() as T;
  }

  async close(): Promise<void> {
    for (const sub of this.subscriptions) {
      await sub.drain().catch(() => undefined);
    }
  }
}
