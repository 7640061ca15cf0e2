import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  SYSTEM_ACTOR,
  envelopeSchema,
  replySchema,
  type Actor,
  type Envelope,
  type Reply,
} from '@refinery/contracts';
import { AppError, currentContext, describeIssues, newCorrelationId } from '@refinery/server-core';

export interface SendMeta {
  actor?: Actor;
  projectId?: string | null;
  correlationId?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Wraps a payload; actor, project and correlation id default to the current context's. */
export function makeEnvelope<P>(subject: string, payload: P, meta: SendMeta = {}): Envelope<P> {
  const ctx = currentContext();
  return {
    id: randomUUID(),
    subject,
    occurredAt: new Date().toISOString(),
    correlationId: meta.correlationId ?? ctx?.correlationId ?? newCorrelationId(),
    actor: meta.actor ?? ctx?.actor ?? SYSTEM_ACTOR,
    projectId: meta.projectId !== undefined ? meta.projectId : (ctx?.projectId ?? null),
    payload,
  };
}

export function encode(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson(data: Uint8Array, subject: string): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch {
    throw new AppError('VALIDATION_FAILED', `message on ${subject} is not valid JSON`);
  }
}

/** Parses and validates a whole envelope; the error names the field at fault. */
export function parseEnvelope<S extends z.ZodType>(
  raw: unknown,
  payload: S,
  subject: string,
): Envelope<z.infer<S>> {
  const result = envelopeSchema(payload).safeParse(raw);
  if (!result.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid message on ${subject}: ${describeIssues(result.error.issues)}`,
      {
        issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    );
  }
  return result.data as Envelope<z.infer<S>>;
}

export function parseReply<S extends z.ZodType>(
  raw: unknown,
  payload: S,
  subject: string,
): Reply<z.infer<S>> {
  const env = parseEnvelope(raw, replySchema(payload), `reply of ${subject}`);
  return env.payload as Reply<z.infer<S>>;
}
