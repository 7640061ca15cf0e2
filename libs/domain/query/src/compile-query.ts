// BrowseQuery + context -> what the records service runs on MongoDB / FerretDB: the filter (also
// the count filter) and the ordering plan, with the keyset filter for "after this cursor".

import { compileCondition } from './compile-filter.js';
import { andFilters, type MongoFilter, type MongoSort, orFilters } from './mongo-types.js';
import {
  boundFilter,
  type KeyField,
  type OrderPlan,
  planOrder,
  type SortedPlan,
} from './order-plan.js';
import type { AttributeSpec, CompileContext } from './query-context.js';
import { QueryError } from './query-error.js';
import type { BrowseQuery, Order } from './query.schema.js';
import { validateQuery } from './validate-query.js';
import type { Scalar } from './value-order.js';

export interface CompiledSegment {
  /** Scope ∧ condition ∧ the segment's range. */
  readonly filter: MongoFilter;
  readonly sort: MongoSort;
}

export interface CompiledQuery {
  readonly order: Order;
  /** Scope ∧ condition (∧ `_id ∈ hits` for similarity): the filter of the total count. */
  readonly filter: MongoFilter;
  readonly plan: OrderPlan;
  /** Sorted plans: the segments to walk in turn (seeded random has two). Empty for similarity. */
  readonly segments: readonly CompiledSegment[];
}

export function attributeMap(
  attributes: readonly AttributeSpec[],
): ReadonlyMap<string, AttributeSpec> {
  return new Map(attributes.map((a) => [a.name, a]));
}

export function compileQuery(query: BrowseQuery, ctx: CompileContext): CompiledQuery {
  const issues = validateQuery(query, ctx);
  if (issues.length > 0) throw new QueryError(issues);
  const condition = query.filter
    ? compileCondition(query.filter, attributeMap(ctx.attributes))
    : {};
  const plan = planOrder(query.order, ctx.similarity);
  if (plan.kind === 'ranked') {
    const ids = plan.hits.map((h) => h.id);
    return {
      order: query.order,
      filter: andFilters([ctx.scope, condition, { _id: { $in: ids } }]),
      plan,
      segments: [],
    };
  }
  const filter = andFilters([ctx.scope, condition]);
  const segments = plan.segments.map((bound) => ({
    filter: andFilters([filter, boundFilter(bound)]),
    sort: plan.sort,
  }));
  return { order: query.order, filter, plan, segments };
}

function equal(path: string, v: Scalar): MongoFilter {
  return { [path]: v };
}

/** Strictly after `v` in the field's direction, with MongoDB's null placement (first asc, last desc). */
function after(field: KeyField, v: Scalar): MongoFilter | null {
  if (field.direction === 1)
    return v === null ? { [field.path]: { $ne: null } } : { [field.path]: { $gt: v } };
  return v === null ? null : orFilters([{ [field.path]: { $lt: v } }, { [field.path]: null }]);
}

/**
 * Rows strictly after the key tuple `values` in the plan's order:
 * OR over i of (f0 = v0 ∧ … ∧ f(i-1) = v(i-1) ∧ fi after vi). Each branch is an index range on
 * MongoDB when an index on the sort fields exists.
 */
export function keysetFilter(plan: SortedPlan, values: readonly Scalar[]): MongoFilter {
  const branches: MongoFilter[] = [];
  for (let i = 0; i < plan.fields.length; i++) {
    const a = after(plan.fields[i]!, values[i] ?? null);
    if (!a) continue;
    branches.push(
      andFilters([...plan.fields.slice(0, i).map((f, j) => equal(f.path, values[j] ?? null)), a]),
    );
  }
  return orFilters(branches);
}
