import type { z } from 'zod';

/** A request/reply subject with its payload schemas (validated by sender and receiver). */
export interface RequestContract<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  readonly kind: 'request';
  readonly subject: string;
  readonly request: Req;
  readonly reply: Res;
  /** Default timeout of the caller in ms. */
  readonly timeoutMs: number;
}

/** An event subject (past tense) with its payload schema. */
export interface EventContract<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: string;
  readonly payload: P;
}

export type RequestOf<C extends RequestContract> = z.infer<C['request']>;
export type ReplyOf<C extends RequestContract> = z.infer<C['reply']>;
export type PayloadOf<C extends EventContract> = z.infer<C['payload']>;

const SUBJECT = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[0-9]+$/;

function checkSubject(subject: string): string {
  if (!SUBJECT.test(subject)) {
    throw new Error(`subject "${subject}" does not follow <owner>.<aggregate>.<verb>.v<n>`);
  }
  return subject;
}

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  subject: string,
  request: Req,
  reply: Res,
  timeoutMs = 5_000,
): RequestContract<Req, Res> {
  return { kind: 'request', subject: checkSubject(subject), request, reply, timeoutMs };
}

export function defineEvent<P extends z.ZodType>(subject: string, payload: P): EventContract<P> {
  return { kind: 'event', subject: checkSubject(subject), payload };
}
