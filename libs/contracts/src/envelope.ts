import { z } from 'zod';

/** Project roles, weakest last (see the role matrix in the gateway README). */
export const projectRoles = ['owner', 'engineer', 'expert', 'annotator'] as const;
export const ProjectRole = z.enum(projectRoles);
export type ProjectRole = z.infer<typeof ProjectRole>;

/** Who acts: every message carries it so each service can check rights itself. */
export const Actor = z.object({
  userId: z.string().min(1),
  orgId: z.string().min(1),
  /** The actor's role in `projectId`; `system` for work the platform does on its own. */
  role: z.union([ProjectRole, z.literal('system')]),
});
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = { userId: 'system', orgId: 'system', role: 'system' };

/** The envelope around every NATS payload, request, reply and event alike. */
export const EnvelopeBase = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  actor: Actor,
  projectId: z.string().min(1).nullable(),
});
export type EnvelopeBase = z.infer<typeof EnvelopeBase>;
export type Envelope<P> = EnvelopeBase & { payload: P };

const envelopeFor = (payload: z.ZodType) => EnvelopeBase.extend({ payload });
// Built once per payload schema: building a zod object per message costs more than parsing it
// (and zod compiles a fast parser per schema instance on first use, which a new instance loses).
const envelopes = new WeakMap<z.ZodType, ReturnType<typeof envelopeFor>>();

export function envelopeSchema<S extends z.ZodType>(payload: S) {
  let schema = envelopes.get(payload);
  if (!schema) envelopes.set(payload, (schema = envelopeFor(payload)));
  return schema as z.ZodObject<typeof EnvelopeBase.shape & { payload: S }>;
}

/** Error codes a reply may carry; mapped to HTTP statuses by the gateway. */
export const errorCodes = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'LIMIT_EXCEEDED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A reply is either `{ok: true, payload}` or `{ok: false, error}`, inside the envelope. */
const replyFor = <S extends z.ZodType>(payload: S) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), payload }),
    z.object({ ok: z.literal(false), error: ErrorBody }),
  ]);
const replies = new WeakMap<z.ZodType, ReturnType<typeof replyFor>>();

/** Cached per payload schema, like {@link envelopeSchema}. */
export function replySchema<S extends z.ZodType>(payload: S) {
  let schema = replies.get(payload);
  if (!schema) replies.set(payload, (schema = replyFor(payload)));
  return schema as ReturnType<typeof replyFor<S>>;
}
export type Reply<P> = { ok: true; payload: P } | { ok: false; error: ErrorBody };
