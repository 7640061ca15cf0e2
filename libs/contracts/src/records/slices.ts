import { z } from 'zod';
import { defineRequest } from '../message.js';
import { DisplayName, EntityId, IsoDate } from './common.js';

/** Records a static slice may freeze. */
export const MAX_STATIC_SLICE_RECORDS = 100_000;

export const SliceKind = z.enum(['DYNAMIC', 'STATIC']);
export type SliceKind = z.infer<typeof SliceKind>;

/**
 * A saved data-browser query. DYNAMIC: the filter is re-applied every time (new labels and
 * records show up). STATIC: the matching records are frozen when it is saved.
 */
export const DataSlice = z.object({
  id: EntityId,
  name: z.string(),
  kind: SliceKind,
  /** The browser query (`{filter?, order?}`, see records.browser.query.v1). */
  query: z.unknown(),
  /** Records in the slice now. */
  size: z.number().int().nonnegative(),
  createdBy: z.string(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type DataSlice = z.infer<typeof DataSlice>;

export const SliceSubjects = {
  create: defineRequest(
    'records.slices.create.v1',
    z.object({ name: DisplayName, kind: SliceKind, query: z.unknown().default({}) }),
    DataSlice,
    30_000,
  ),
  list: defineRequest('records.slices.list.v1', z.object({}), z.object({ slices: z.array(DataSlice) })),
  get: defineRequest('records.slices.get.v1', z.object({ sliceId: EntityId }), DataSlice),
  /** Renames; a new query re-applies (DYNAMIC) or re-freezes (STATIC) the slice. */
  update: defineRequest(
    'records.slices.update.v1',
    z.object({ sliceId: EntityId, name: DisplayName.optional(), query: z.unknown().optional() }),
    DataSlice,
    30_000,
  ),
  delete: defineRequest('records.slices.delete.v1', z.object({ sliceId: EntityId }), z.object({ deleted: z.literal(true) })),
} as const;
