import { z } from 'zod';

/** Ids of records-service entities (UUIDs here, but callers treat them as opaque strings). */
export const EntityId = z.string().min(1).max(128);

/** A user-facing name: trimmed, non-empty. */
export const DisplayName = z.string().trim().min(1).max(200);

export const IsoDate = z.iso.datetime();

/** `{deleted: n}` for requests that remove things. */
export const Deleted = z.object({ deleted: z.number().int().nonnegative() });
export type Deleted = z.infer<typeof Deleted>;
