import type { z } from 'zod';
import type { EventContract, RequestContract } from '@refinery/contracts';
import { AppError, describeIssues } from '@refinery/server-core';
import type { NatsConnectionManager } from './nats-connection.js';
import { decodeJson, encode, makeEnvelope, parseReply, type SendMeta } from './envelope.js';

export interface RequestMeta extends SendMeta {
  timeoutMs?: number;
}

/** An error reply from another service, carrying its code, message and details. */
export class RemoteError extends AppError {
  constructor(
    readonly subject: string,
    code: AppError['code'],
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
    this.name = 'RemoteError';
  }
}

/**
 * Typed request/reply and publish over NATS: payloads are validated before sending and replies
 * after receiving, so a contract mismatch fails loudly at the edge that caused it.
 */
export class NatsBus {
  constructor(private readonly connection: NatsConnectionManager) {}

  async request<C extends RequestContract>(
    contract: C,
    payload: z.input<C['request']>,
    meta: RequestMeta = {},
  ): Promise<z.infer<C['reply']>> {
    const checked = contract.request.safeParse(payload);
    if (!checked.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `refusing to send ${contract.subject}: ${describeIssues(checked.error.issues)}`,
      );
    }
    const timeout = meta.timeoutMs ?? contract.timeoutMs;
    const env = makeEnvelope(contract.subject, checked.data, meta);
    let msg;
    try {
      msg = await this.connection
        .get()
        .request(this.connection.wireSubject(contract.subject), encode(env), { timeout });
    } catch (error) {
      throw this.transportError(contract.subject, timeout, error);
    }
    const reply = parseReply(
      decodeJson(msg.data, contract.subject),
      contract.reply,
      contract.subject,
    );
    if (!reply.ok) {
      throw new RemoteError(
        contract.subject,
        reply.error.code,
        reply.error.message,
        reply.error.details,
      );
    }
    return reply.payload as z.infer<C['reply']>;
  }

  publish<C extends EventContract>(
    contract: C,
    payload: z.input<C['payload']>,
    meta: SendMeta = {},
  ): void {
    const checked = contract.payload.safeParse(payload);
    if (!checked.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `refusing to publish ${contract.subject}: ${describeIssues(checked.error.issues)}`,
      );
    }
    this.connection
      .get()
      .publish(
        this.connection.wireSubject(contract.subject),
        encode(makeEnvelope(contract.subject, checked.data, meta)),
      );
  }

  private transportError(subject: string, timeoutMs: number, error: unknown): AppError {
    if (error instanceof AppError) return error;
    const text = describe(error);
    if (/no responders/i.test(text)) {
      return new AppError('UNAVAILABLE', `no service answers ${subject} (is its owner running?)`);
    }
    if (/timeout/i.test(text)) {
      return new AppError('TIMEOUT', `no reply to ${subject} within ${timeoutMs} ms`);
    }
    return new AppError('UNAVAILABLE', `request ${subject} failed: ${text}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
