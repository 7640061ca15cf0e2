import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId } from './common.js';

import { RecordValue } from './values.js';

export const RecordData = z.record(z.string(), RecordValue);
export type RecordData = z.infer<typeof RecordData>;

/**
 * Denormalized label state of one record for one task (the association documents stay the
 * source of truth). `manualBy` holds `userId|labelId`, `heuristicBy` holds `sourceId|labelId`.
 */
export const LabelSummary = z.object({
  manual: z.array(z.string()),
  manualBy: z.array(z.string()),
  gold: z.array(z.string()),
  /** Valid reference labels (refinery's rule); empty when there is none. */
  reference: z.array(z.string()),
  heuristics: z.array(z.string()),
  heuristicBy: z.array(z.string()),
  weakSupervision: z.array(z.string()),
  weakSupervisionConfidence: z.number().nullable(),
});
export type LabelSummary = z.infer<typeof LabelSummary>;

/** Token offsets of one TEXT attribute: token i covers [starts[i], ends[i]). */
export const TextTokens = z.object({ starts: z.array(z.number().int()), ends: z.array(z.number().int()) });
export type TextTokens = z.infer<typeof TextTokens>;

export const RecordView = z.object({
  id: EntityId,
  /** Position in the default order. */
  seq: z.number().int().nonnegative(),
  key: z.string(),
  data: RecordData,
  /** By task id. */
  labels: z.record(z.string(), LabelSummary),
  /** By TEXT attribute name; only when asked for. */
  tokens: z.record(z.string(), TextTokens).optional(),
});
export type RecordView = z.infer<typeof RecordView>;

export const RecordSubjects = {
  /**
   * Adds or upserts (same primary key) records as one new generation: all or nothing.
   * Values are checked against the attributes; unknown attributes are rejected.
   */
  add: defineRequest(
    'records.records.add.v1',
    z.object({ records: z.array(z.object({ data: RecordData })).min(1).max(1_000) }),
    z.object({ generation: z.number().int(), created: z.number().int(), updated: z.number().int() }),
    30_000,
  ),
  get: defineRequest(
    'records.records.get.v1',
    z.object({ recordId: EntityId, withTokens: z.boolean().default(false) }),
    RecordView,
  ),
  /** The default order (upload order), paged by `seq`; with tokens on request. */
  list: defineRequest(
    'records.records.list.v1',
    z.object({
      afterSeq: z.number().int().min(-1).default(-1),
      limit: z.number().int().min(1).max(2_000).default(100),
      withTokens: z.boolean().default(false),
    }),
    z.object({ records: z.array(RecordView), total: z.number().int(), nextAfterSeq: z.number().int().nullable() }),
  ),
  /** `n` records drawn at random (the same `seed` draws the same records while they exist). */
  sample: defineRequest(
    'records.records.sample.v1',
    z.object({ n: z.number().int().min(1).max(1_000).default(10), seed: z.union([z.string().max(200), z.number().int()]).optional(), withTokens: z.boolean().default(false) }),
    z.object({ records: z.array(RecordView) }),
  ),
  /** Edits attribute values (partial `data`); edited TEXT is re-tokenized and its spans removed. */
  update: defineRequest(
    'records.records.update.v1',
    z.object({ updates: z.array(z.object({ recordId: EntityId, data: RecordData })).min(1).max(1_000) }),
    z.object({ updated: z.number().int(), removedSpans: z.number().int() }),
    30_000,
  ),
  /** Deletes records and their label associations; unknown ids are reported, not an error. */
  delete: defineRequest(
    'records.records.delete.v1',
    z.object({ recordIds: z.array(EntityId).min(1).max(1_000) }),
    z.object({ deleted: z.number().int(), missing: z.array(z.string()) }),
    30_000,
  ),
} as const;

export const RecordsChangedEvent = z.object({
  projectId: EntityId,
  /** `added` (records.records.add.v1; uploads announce themselves with their own events), `updated`, `deleted` */
  change: z.enum(['added', 'updated', 'deleted']),
  /** At most 1,000 ids; `truncated` when more records changed. */
  recordIds: z.array(EntityId).max(1_000),
  truncated: z.boolean(),
});
export type RecordsChangedEvent = z.infer<typeof RecordsChangedEvent>;

/** Records added, edited or deleted one by one (not by uploads): derived data (vectors) follows. */
export const RecordEvents = {
  changed: defineEvent('records.records.changed.v1', RecordsChangedEvent),
} as const;
