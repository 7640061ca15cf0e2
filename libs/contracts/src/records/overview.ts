import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from './common.js';

/** The class of tokens no span covers (extraction tasks). */
export const OUTSIDE = 'OUTSIDE';

export const TaskOverview = z.object({
  taskId: EntityId,
  /** Records in scope (the project, or the slice). */
  records: z.number().int().nonnegative(),
  /** Records with a valid reference label (refinery's rule) / with a weak-supervision label. */
  withReference: z.number().int().nonnegative(),
  withWeakSupervision: z.number().int().nonnegative(),
  /** Per label: records (extraction: spans) with it as reference / as weak supervision. */
  distribution: z.array(z.object({ labelId: EntityId, reference: z.number().int(), weakSupervision: z.number().int() })),
  confidence: z.object({
    /** Ten bins over [0, 1]; the last one includes 1. */
    histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
    percentiles: z.object({ p10: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p90: z.number() }).nullable(),
  }),
  /**
   * Reference (rows) × weak supervision (columns) over records with both; `classes` are label
   * ids (plus OUTSIDE for extraction, where cells count tokens).
   */
  confusion: z.object({ classes: z.array(z.string()), matrix: z.array(z.array(z.number().int())) }),
  /**
   * Annotators (user ids, and `gold`) × annotators: `both` = records both labeled, `agree` =
   * records where they set the same labels (the same label set / the same spans).
   */
  agreement: z.object({ annotators: z.array(z.string()), both: z.array(z.array(z.number().int())), agree: z.array(z.array(z.number().int())) }),
});
export type TaskOverview = z.infer<typeof TaskOverview>;

export const OverviewSubjects = {
  task: defineRequest('records.overview.task.v1', z.object({ taskId: EntityId, sliceId: EntityId.optional() }), TaskOverview, 30_000),
} as const;
