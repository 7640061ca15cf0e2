// An ordering resolved into what both executors need: the key fields of the sort (each with its
// direction), the segments the order walks in turn (one, or two for seeded random), or — for
// similarity — the ranked id list. The Mongo sort, the keyset filter, the in-memory comparator
// and the cursor all derive from this one description.

import { dataPath, taskPath } from './compile-filter.js';
import type { MongoFilter, MongoSort } from './mongo-types.js';
import type { SimilarityHit } from './query-context.js';
import { QueryError } from './query-error.js';
import type { Order } from './query.schema.js';
import { seedOffset } from './seeded-random.js';
import { compareCodePoints } from './value-order.js';

export interface KeyField {
  readonly path: string;
  readonly direction: 1 | -1;
}

/** `min <= value < below` on a numeric field (a segment of the seeded-random circle). */
export interface RangeBound {
  readonly path: string;
  readonly min?: number;
  readonly below?: number;
}

export interface SortedPlan {
  readonly kind: 'sorted';
  /** The full sort key; the last field makes it unique (`_id`, or `seq` for the default order). */
  readonly fields: readonly KeyField[];
  /** Walked in turn; `null` = the whole filtered set. */
  readonly segments: readonly (RangeBound | null)[];
  readonly sort: MongoSort;
}

export interface RankedPlan {
  readonly kind: 'ranked';
  /** Best first: score descending, ties by id ascending. */
  readonly hits: readonly SimilarityHit[];
  readonly rank: ReadonlyMap<string, number>;
}

export type OrderPlan = SortedPlan | RankedPlan;

function sortOf(fields: readonly KeyField[]): MongoSort {
  const sort: Record<string, 1 | -1> = {};
  for (const f of fields) sort[f.path] = f.direction;
  return sort;
}

function sorted(fields: KeyField[], segments: (RangeBound | null)[] = [null]): SortedPlan {
  return { kind: 'sorted', fields, segments, sort: sortOf(fields) };
}

export function rankHits(hits: readonly SimilarityHit[]): RankedPlan {
  const seen = new Set<string>();
  const unique = hits.filter((h) => (seen.has(h.id) ? false : (seen.add(h.id), true)));
  const ordered = [...unique].sort((a, b) =>
    a.score !== b.score ? b.score - a.score : compareCodePoints(a.id, b.id),
  );
  return { kind: 'ranked', hits: ordered, rank: new Map(ordered.map((h, i) => [h.id, i])) };
}

export function planOrder(
  order: Order,
  similarity: readonly SimilarityHit[] | undefined,
): OrderPlan {
  const id: KeyField = { path: '_id', direction: 1 };
  switch (order.kind) {
    case 'DEFAULT':
      // `seq` is unique within a project, so it alone is a complete key (and the index needs no _id).
      return sorted([{ path: 'seq', direction: 1 }]);
    case 'FIELDS': {
      const keys = order.keys.map((k): KeyField => ({
        path:
          k.kind === 'ATTRIBUTE'
            ? dataPath(k.attribute)
            : taskPath(k.taskId, 'weakSupervisionConfidence'),
        direction: k.direction === 'ASC' ? 1 : -1,
      }));
      // The _id tie-break follows the first key's direction, so one ascending index
      // {scope…, field, _id} serves both directions (MongoDB walks it backwards for DESC).
      return sorted([...keys, { path: '_id', direction: keys[0]!.direction }]);
    }
    case 'RANDOM': {
      const o = seedOffset(order.seed);
      return sorted(
        [{ path: 'rnd', direction: 1 }, id],
        [
          { path: 'rnd', min: o },
          { path: 'rnd', below: o },
        ],
      );
    }
    case 'SIMILARITY':
      if (!similarity)
        throw QueryError.single(
          'MISSING_SIMILARITY',
          'order',
          'similarity order needs the similar-record hits',
        );
      return rankHits(similarity);
  }
}

export function boundFilter(bound: RangeBound | null): MongoFilter {
  if (!bound) return {};
  const range: Record<string, number> = {};
  if (bound.min !== undefined) range['$gte'] = bound.min;
  if (bound.below !== undefined) range['$lt'] = bound.below;
  return { [bound.path]: range };
}

export function inBound(bound: RangeBound | null, value: unknown): boolean {
  if (!bound) return true;
  if (typeof value !== 'number') return false;
  return (
    (bound.min === undefined || value >= bound.min) &&
    (bound.below === undefined || value < bound.below)
  );
}
