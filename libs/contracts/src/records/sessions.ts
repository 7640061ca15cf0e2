import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId, IsoDate } from './common.js';

export const MAX_SESSION_RECORDS = 1_000;

export const LabelingSession = z.object({
  id: EntityId,
  size: z.number().int().nonnegative(),
  position: z.number().int().nonnegative(),
  /** The record at `position`; null for an empty session. */
  recordId: EntityId.nullable(),
  hasPrevious: z.boolean(),
  hasNext: z.boolean(),
  /** the user who opened it; any member of the project may open it (the gateway limits annotators to their own and assigned ones) */
  createdBy: z.string(),
  createdAt: IsoDate,
});
export type LabelingSession = z.infer<typeof LabelingSession>;

/** A labeling session is opened by one user and shared within the project. */
export const SessionSubjects = {
  /**
   * From given record ids (in that order), or the first 1,000 records of a data-browser query
   * (`query`, optionally within `sliceId`: a slice opens as a session), or without either the
   * first 1,000 in the default order.
   */
  create: defineRequest(
    'records.sessions.create.v1',
    z
      .object({
        recordIds: z.array(EntityId).min(1).max(MAX_SESSION_RECORDS).optional(),
        query: z.unknown().optional(),
        sliceId: EntityId.optional(),
      })
      .refine((r) => !(r.recordIds && (r.query !== undefined || r.sliceId)), { message: 'give recordIds or a query/slice, not both', path: ['recordIds'] }),
    LabelingSession,
  ),
  get: defineRequest(
    'records.sessions.get.v1',
    z.object({ sessionId: EntityId }),
    LabelingSession.extend({ recordIds: z.array(EntityId) }),
  ),
  /** Moves to the next / previous record or to a position; the position is stored. */
  move: defineRequest(
    'records.sessions.move.v1',
    z.object({ sessionId: EntityId, to: z.union([z.enum(['next', 'previous']), z.number().int().nonnegative()]) }),
    LabelingSession,
  ),
} as const;
