// Runs a compiled query page by page against a `BrowseSource` — the records service implements
// the port with mongoose (`find(filter).sort().skip().limit()`, `countDocuments(filter)`); tests
// implement it with the Mongo-filter interpreter. Keeping the paging here means the cursor logic
// is written once and covered by the unit tests.

import { type CompiledQuery, keysetFilter } from './compile-query.js';
import { decodeCursor, encodeCursor, type CursorKey } from './cursor.js';
import { readPath } from './document-path.js';
import {
  andFilters,
  type MongoFilter,
  type MongoProjection,
  type MongoSort,
} from './mongo-types.js';
import type { RankedPlan, SortedPlan } from './order-plan.js';
import type { PageRequest } from './query.schema.js';
import { asScalar, compareCodePoints, type Scalar } from './value-order.js';

export interface FindArgs {
  readonly filter: MongoFilter;
  readonly sort?: MongoSort;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: MongoProjection;
}

export interface BrowseSource<D> {
  find(args: FindArgs): Promise<D[]>;
  count(filter: MongoFilter): Promise<number>;
}

export interface BrowsePage<D> {
  readonly items: D[];
  /** Cursor of the next page; null on the last page. Also returned for offset pages. */
  readonly nextCursor: string | null;
  /** Total matches (only when asked for: it is a separate count query). */
  readonly total: number | null;
}

export interface ReadOptions {
  readonly withTotal?: boolean;
}

export function sortKeyValues(plan: SortedPlan, doc: unknown): Scalar[] {
  return plan.fields.map((f) => asScalar(readPath(doc, f.path)));
}

function cursorKeyOf(
  page: PageRequest,
  compiled: CompiledQuery,
  keyLength: number,
  segments: number,
): CursorKey | null {
  return 'cursor' in page && page.cursor !== null
    ? decodeCursor(page.cursor, compiled.order, keyLength, segments)
    : null;
}

async function readSorted<D>(
  compiled: CompiledQuery,
  plan: SortedPlan,
  page: PageRequest,
  source: BrowseSource<D>,
): Promise<{ items: D[]; next: CursorKey | null }> {
  const segments = compiled.segments;
  const key = cursorKeyOf(page, compiled, plan.fields.length, segments.length);
  let skip = 'offset' in page ? page.offset : 0;
  const rows: { doc: D; segment: number }[] = [];
  for (let s = key?.segment ?? 0; s < segments.length && rows.length <= page.limit; s++) {
    const seg = segments[s]!;
    const filter =
      key && s === key.segment
        ? andFilters([seg.filter, keysetFilter(plan, key.values)])
        : seg.filter;
    if (skip > 0 && segments.length > 1) {
      // Offset over several segments: skip whole segments by counting them.
      const n = await source.count(filter);
      if (skip >= n) {
        skip -= n;
        continue;
      }
    }
    const docs = await source.find({
      filter,
      sort: seg.sort,
      skip,
      limit: page.limit + 1 - rows.length,
    });
    skip = 0;
    for (const doc of docs) rows.push({ doc, segment: s });
  }
  const items = rows.slice(0, page.limit);
  const last = rows.length > page.limit ? items[items.length - 1] : undefined;
  return {
    items: items.map((r) => r.doc),
    next: last ? { segment: last.segment, values: sortKeyValues(plan, last.doc) } : null,
  };
}

/** Position of the first hit strictly after the cursor key (score descending, id ascending). */
function rankedStart(plan: RankedPlan, key: CursorKey): number {
  const [score, id] = key.values;
  const i = plan.hits.findIndex(
    (h) =>
      h.score < Number(score) ||
      (h.score === Number(score) && compareCodePoints(h.id, String(id)) > 0),
  );
  return i < 0 ? plan.hits.length : i;
}

async function readRanked<D>(
  compiled: CompiledQuery,
  plan: RankedPlan,
  page: PageRequest,
  source: BrowseSource<D>,
): Promise<{ items: D[]; next: CursorKey | null; total: number }> {
  // K is bounded by the embeddings service: fetch which hits pass the filter (ids only), page
  // through the ranked list, then fetch the page's documents.
  const matching = new Set(
    (await source.find({ filter: compiled.filter, projection: { _id: 1 } })).map((d) =>
      String(readPath(d, '_id')),
    ),
  );
  const key = cursorKeyOf(page, compiled, 2, 1);
  const candidates = key ? plan.hits.slice(rankedStart(plan, key)) : plan.hits;
  const ranked = candidates.filter((h) => matching.has(h.id));
  const from = 'offset' in page ? page.offset : 0;
  const pageHits = ranked.slice(from, from + page.limit);
  const hasMore = ranked.length > from + page.limit;
  const docs =
    pageHits.length === 0
      ? []
      : await source.find({
          filter: andFilters([compiled.filter, { _id: { $in: pageHits.map((h) => h.id) } }]),
        });
  const byId = new Map(docs.map((d) => [String(readPath(d, '_id')), d]));
  const items = pageHits.flatMap((h) => (byId.has(h.id) ? [byId.get(h.id)!] : []));
  const last = pageHits[pageHits.length - 1];
  return {
    items,
    next: hasMore && last ? { segment: 0, values: [last.score, last.id] } : null,
    total: matching.size,
  };
}

export async function readPage<D>(
  compiled: CompiledQuery,
  page: PageRequest,
  source: BrowseSource<D>,
  options: ReadOptions = {},
): Promise<BrowsePage<D>> {
  const plan = compiled.plan;
  if (plan.kind === 'ranked') {
    const r = await readRanked(compiled, plan, page, source);
    return {
      items: r.items,
      nextCursor: r.next ? encodeCursor(compiled.order, r.next) : null,
      total: options.withTotal ? r.total : null,
    };
  }
  const [r, total] = await Promise.all([
    readSorted(compiled, plan, page, source),
    options.withTotal ? source.count(compiled.filter) : Promise.resolve(null),
  ]);
  return {
    items: r.items,
    nextCursor: r.next ? encodeCursor(compiled.order, r.next) : null,
    total,
  };
}
