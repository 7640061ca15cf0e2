// JSON-like shapes of what the compiler emits. The library never imports a MongoDB driver: the
// records service hands these objects to mongoose as they are.

export type MongoScalar = string | number | boolean | null;
export type MongoValue =
  MongoScalar | readonly MongoValue[] | { readonly [key: string]: MongoValue };
/** A find/count filter: field paths and `$and`/`$or`/`$nor` at the top, operators below. */
export type MongoFilter = { readonly [key: string]: MongoValue };
/** Sort specification; key order is significant (insertion order of the object). */
export type MongoSort = { readonly [path: string]: 1 | -1 };
export type MongoProjection = { readonly [path: string]: 0 | 1 };

/** A filter no document matches (`$in: []` is valid everywhere; `$expr: false` is not on FerretDB 1.x). */
export const MATCH_NOTHING: MongoFilter = { _id: { $in: [] } };
export const MATCH_ALL: MongoFilter = {};

/** Conjunction that drops trivially true parts and flattens nested `$and`s. */
export function andFilters(parts: readonly MongoFilter[]): MongoFilter {
  const flat: MongoFilter[] = [];
  for (const p of parts) {
    const keys = Object.keys(p);
    if (keys.length === 0) continue;
    const nested = p['$and'];
    if (keys.length === 1 && Array.isArray(nested)) flat.push(...(nested as MongoFilter[]));
    else flat.push(p);
  }
  if (flat.length === 0) return MATCH_ALL;
  if (flat.length === 1) return flat[0]!;
  return { $and: flat };
}

export function orFilters(parts: readonly MongoFilter[]): MongoFilter {
  if (parts.length === 0) return MATCH_NOTHING;
  if (parts.length === 1) return parts[0]!;
  return { $or: [...parts] };
}

export function notFilter(part: MongoFilter): MongoFilter {
  const keys = Object.keys(part);
  if (keys.length === 0) return MATCH_NOTHING;
  // ¬¬x = x: keeps "has none" as a plain $or instead of a double $nor.
  const inner = part['$nor'];
  if (keys.length === 1 && Array.isArray(inner) && inner.length === 1)
    return inner[0] as MongoFilter;
  return { $nor: [part] };
}
