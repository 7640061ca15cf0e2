// In-memory evaluation of the same AST, for a per-project browse projection held by the records
// service (FerretDB on SQLite scans slowly) and as the oracle the compiler is tested against. It
// follows MongoDB's semantics exactly: type-bracketed comparisons, null = missing, nulls first
// ascending, strings by code point, the same regexes.

import { attributeMap } from './compile-query.js';
import { decodeCursor, encodeCursor, type CursorKey } from './cursor.js';
import { pathReader } from './document-path.js';
import {
  inBound,
  type OrderPlan,
  planOrder,
  type RankedPlan,
  type SortedPlan,
} from './order-plan.js';
import { type AttributeSpec, isTextType, type QueryContext } from './query-context.js';
import { QueryError } from './query-error.js';
import type {
  AnyAttributeCondition,
  AttributeCondition,
  BrowseQuery,
  Condition,
  LabelSource,
  PageRequest,
} from './query.schema.js';
import {
  EMPTY_TASK_SUMMARY,
  PAIR_SEPARATOR,
  type RecordDocument,
  type TaskLabelSummary,
} from './record-document.js';
import { jsTextRegExp } from './text-patterns.js';
import { validateQuery } from './validate-query.js';
import { asScalar, compareScalars, type Scalar } from './value-order.js';

export type Predicate = (doc: RecordDocument) => boolean;
type ValueTest = (v: Scalar) => boolean;

const sameBracket = (a: Scalar, b: Scalar): boolean =>
  a !== null && b !== null && typeof a === typeof b;

function valueTest(c: AttributeCondition | AnyAttributeCondition, attr: AttributeSpec): ValueTest {
  const text = isTextType(attr.dataType);
  const re = (
    op: Parameters<typeof jsTextRegExp>[0],
    value: Scalar,
    cs: boolean | undefined,
  ): ValueTest => {
    const r = jsTextRegExp(op, String(value), !cs);
    return (v) => typeof v === 'string' && r.test(v);
  };
  const cmp =
    (value: Scalar, ok: (c: number) => boolean): ValueTest =>
    (v) =>
      sameBracket(v, value) && ok(compareScalars(v, value));
  switch (c.op) {
    case 'EQUAL':
      return text && !c.caseSensitive ? re('EQUAL', c.value, false) : (v) => v === c.value;
    case 'BEGINS_WITH':
    case 'ENDS_WITH':
    case 'CONTAINS':
      return re(c.op, c.value, c.caseSensitive);
    case 'GREATER':
      return cmp(c.value, (x) => x > 0);
    case 'GREATER_EQUAL':
      return cmp(c.value, (x) => x >= 0);
    case 'LESS':
      return cmp(c.value, (x) => x < 0);
    case 'LESS_EQUAL':
      return cmp(c.value, (x) => x <= 0);
    case 'BETWEEN': {
      const [lo, hi] = c.values;
      return (v) => sameBracket(v, lo) && compareScalars(v, lo) >= 0 && compareScalars(v, hi) <= 0;
    }
    case 'IN': {
      if (text && !c.caseSensitive) {
        const tests = c.values.map((x) => re('EQUAL', x, false));
        return (v) => tests.some((t) => t(v));
      }
      const set = new Set<Scalar>(c.values);
      return (v) => v !== null && set.has(v);
    }
    case 'IN_WC': {
      const tests = c.values.map((x) => re('WILDCARD', x, c.caseSensitive));
      return (v) => tests.some((t) => t(v));
    }
    case 'IS_NULL':
      return text ? (v) => v === null || v === '' : (v) => v === null;
  }
}

const summaryOf = (doc: RecordDocument, taskId: string): TaskLabelSummary =>
  doc.labels[taskId] ?? EMPTY_TASK_SUMMARY;

function manualField(by: LabelSource | undefined): {
  field: 'manual' | 'gold' | 'reference' | 'manualBy';
  owner?: string;
} {
  if (by === undefined || by === 'ANY') return { field: 'manual' };
  if (by === 'GOLD') return { field: 'gold' };
  if (by === 'REFERENCE') return { field: 'reference' };
  return { field: 'manualBy', owner: by.userId };
}

function labelSetTest(
  op: 'IS' | 'IS_NOT' | 'HAS_ANY' | 'HAS_NONE',
  labelIds: readonly string[] | undefined,
  owner: string | undefined,
): (values: readonly string[]) => boolean {
  const prefix = owner === undefined ? '' : `${owner}${PAIR_SEPARATOR}`;
  const wanted = new Set((labelIds ?? []).map((l) => prefix + l));
  const has =
    op === 'IS' || op === 'IS_NOT'
      ? (xs: readonly string[]) => xs.some((x) => wanted.has(x))
      : owner === undefined
        ? (xs: readonly string[]) => xs.length > 0
        : (xs: readonly string[]) => xs.some((x) => x.startsWith(prefix));
  return op === 'IS' || op === 'HAS_ANY' ? has : (xs) => !has(xs);
}

export function compilePredicate(
  c: Condition,
  attributes: ReadonlyMap<string, AttributeSpec>,
): Predicate {
  const inner = ((): Predicate => {
    switch (c.kind) {
      case 'AND': {
        const parts = c.conditions.map((x) => compilePredicate(x, attributes));
        return (d) => parts.every((p) => p(d));
      }
      case 'OR': {
        const parts = c.conditions.map((x) => compilePredicate(x, attributes));
        return (d) => parts.some((p) => p(d));
      }
      case 'ATTRIBUTE': {
        const attr = attributes.get(c.attribute)!;
        const test = valueTest(c, attr);
        return (d) => test(asScalar(d.data[attr.name]));
      }
      case 'ANY_ATTRIBUTE': {
        const tests = [...attributes.values()]
          .filter((a) => isTextType(a.dataType))
          .map((a) => ({ name: a.name, test: valueTest(c, a) }));
        return (d) => tests.some((t) => t.test(asScalar(d.data[t.name])));
      }
      case 'MANUAL_LABEL': {
        const { field, owner } = manualField(c.by);
        const test = labelSetTest(c.op, c.labelIds, owner);
        return (d) => test(summaryOf(d, c.taskId)[field]);
      }
      case 'WS_LABEL': {
        const test = labelSetTest(c.op, c.labelIds, undefined);
        return (d) => test(summaryOf(d, c.taskId).weakSupervision);
      }
      case 'WS_CONFIDENCE': {
        const { min, max } = c;
        return (d) => {
          const v = summaryOf(d, c.taskId).weakSupervisionConfidence;
          return (
            typeof v === 'number' &&
            (min === undefined || v >= min) &&
            (max === undefined || v <= max)
          );
        };
      }
      case 'HEURISTIC': {
        const test = labelSetTest(c.labelIds ? 'IS' : 'HAS_ANY', c.labelIds, c.heuristicId);
        return (d) => test(summaryOf(d, c.taskId).heuristicBy);
      }
      case 'ANY_HEURISTIC': {
        if (c.labelIds) {
          const test = labelSetTest('IS', c.labelIds, undefined);
          return (d) => test(summaryOf(d, c.taskId).heuristics);
        }
        return (d) => summaryOf(d, c.taskId).heuristicCount > 0;
      }
      case 'HEURISTICS_DISAGREE':
        return (d) => summaryOf(d, c.taskId).disagree === true;
      case 'HAS_COMMENTS':
        return (d) => d.commentCount > 0;
    }
  })();
  return c.negate ? (d) => !inner(d) : inner;
}

/** A query prepared for repeated in-memory evaluation. */
export interface InMemoryQuery {
  readonly query: BrowseQuery;
  readonly plan: OrderPlan;
  readonly matches: Predicate;
  /** Sort key of a matching document (its segment and key values). */
  keyOf(doc: RecordDocument): CursorKey;
  /** Compares a document with a key without building the document's key (the hot path). */
  compareToKey(doc: RecordDocument, key: CursorKey): number;
  compare(a: RecordDocument, b: RecordDocument): number;
}

function compareKeys(plan: SortedPlan, a: CursorKey, b: CursorKey): number {
  if (a.segment !== b.segment) return a.segment - b.segment;
  for (let i = 0; i < plan.fields.length; i++) {
    const c = compareScalars(a.values[i] ?? null, b.values[i] ?? null);
    if (c !== 0) return c * plan.fields[i]!.direction;
  }
  return 0;
}

export function prepareQuery(query: BrowseQuery, ctx: QueryContext): InMemoryQuery {
  const issues = validateQuery(query, ctx);
  if (issues.length > 0) throw new QueryError(issues);
  const plan = planOrder(query.order, ctx.similarity);
  const filter = query.filter
    ? compilePredicate(query.filter, attributeMap(ctx.attributes))
    : () => true;
  if (plan.kind === 'ranked') {
    const score = new Map(plan.hits.map((h) => [h.id, h.score]));
    const keyOf = (d: RecordDocument): CursorKey => ({
      segment: 0,
      values: [score.get(d._id) ?? null, d._id],
    });
    const after = (d: RecordDocument, key: CursorKey): boolean =>
      rankedAfter(plan, key)({ doc: d });
    return {
      query,
      plan,
      matches: (d) => plan.rank.has(d._id) && filter(d),
      keyOf,
      compareToKey: (d, key) => (after(d, key) ? 1 : keyOf(d).values[1] === key.values[1] ? 0 : -1),
      compare: (a, b) => (plan.rank.get(a._id) ?? Infinity) - (plan.rank.get(b._id) ?? Infinity),
    };
  }
  // Seeded random walks segments; a record outside every segment (no numeric rnd) is not listed,
  // exactly as the segment filters exclude it on MongoDB.
  const segmentReaders = plan.segments.map((b) =>
    b ? { bound: b, read: pathReader(b.path) } : null,
  );
  const segmentOf = (d: RecordDocument): number => {
    for (let i = 0; i < segmentReaders.length; i++) {
      const s = segmentReaders[i]!;
      if (s === null || inBound(s.bound, s.read(d))) return i;
    }
    return -1;
  };
  const readers = plan.fields.map((f) => pathReader(f.path));
  const keyOf = (d: RecordDocument): CursorKey => ({
    segment: segmentOf(d),
    values: readers.map((r) => asScalar(r(d))),
  });
  const compareToKey = (d: RecordDocument, key: CursorKey): number => {
    const seg = segmentOf(d);
    if (seg !== key.segment) return seg - key.segment;
    for (let i = 0; i < readers.length; i++) {
      const c = compareScalars(asScalar(readers[i]!(d)), key.values[i] ?? null);
      if (c !== 0) return c * plan.fields[i]!.direction;
    }
    return 0;
  };
  return {
    query,
    plan,
    matches: plan.segments.length > 1 ? (d) => filter(d) && segmentOf(d) >= 0 : filter,
    keyOf,
    compareToKey,
    compare: (a, b) => compareKeys(plan, keyOf(a), keyOf(b)),
  };
}

export function matches(doc: RecordDocument, query: BrowseQuery, ctx: QueryContext): boolean {
  return prepareQuery(query, ctx).matches(doc);
}

export interface InMemoryPage {
  readonly items: RecordDocument[];
  readonly nextCursor: string | null;
  readonly total: number;
}

/**
 * One page over an in-memory record set: filter, then select only the rows the page needs
 * (bounded selection) instead of sorting everything.
 */
export function evaluatePage(
  docs: Iterable<RecordDocument>,
  prepared: InMemoryQuery,
  page: PageRequest,
): InMemoryPage {
  const { plan } = prepared;
  const cmp: (a: Row, b: Row) => number =
    plan.kind === 'ranked'
      ? (a, b) => (plan.rank.get(a.doc._id) ?? Infinity) - (plan.rank.get(b.doc._id) ?? Infinity)
      : (a, b) => compareKeys(plan, a.key, b.key);
  const afterKey =
    'cursor' in page && page.cursor !== null
      ? decodeCursor(
          page.cursor,
          prepared.query.order,
          plan.kind === 'ranked' ? 2 : plan.fields.length,
          plan.kind === 'ranked' ? 1 : plan.segments.length,
        )
      : null;
  const skip = 'offset' in page ? page.offset : 0;
  const selection = new Selection(skip + page.limit + 1, cmp);
  let total = 0;
  for (const doc of docs) {
    if (!prepared.matches(doc)) continue;
    total++;
    if (afterKey !== null && prepared.compareToKey(doc, afterKey) <= 0) continue;
    // Most rows lose against the current worst row of a full page: reject them before building a key.
    const worst = selection.worst();
    if (worst !== undefined && prepared.compareToKey(doc, worst.key) >= 0) continue;
    selection.offer({ doc, key: prepared.keyOf(doc) });
  }
  const buffer = selection.result();
  const rows = buffer.slice(skip, skip + page.limit);
  const hasMore = buffer.length > skip + page.limit;
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => r.doc),
    nextCursor: hasMore && last ? encodeCursor(prepared.query.order, last.key) : null,
    total,
  };
}

interface Row {
  readonly doc: RecordDocument;
  readonly key: CursorKey;
}

/**
 * The k smallest rows in order, streaming: a sorted insertion buffer while k is small (a page),
 * collect-and-sort when k is large (a deep offset).
 */
class Selection<T> {
  private readonly rows: T[] = [];
  constructor(
    private readonly k: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {}

  offer(row: T): void {
    const { rows, k, cmp } = this;
    if (k > 2_000) {
      rows.push(row);
      return;
    }
    if (rows.length === k && cmp(row, rows[k - 1]!) >= 0) return;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(rows[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
    if (rows.length > k) rows.pop();
  }

  /** The row a newcomer must beat once the buffer is full. */
  worst(): T | undefined {
    return this.k <= 2_000 && this.rows.length === this.k ? this.rows[this.k - 1] : undefined;
  }

  result(): T[] {
    return this.k > 2_000 ? this.rows.sort(this.cmp).slice(0, this.k) : this.rows;
  }
}

function rankedAfter(plan: RankedPlan, key: CursorKey): (r: { doc: RecordDocument }) => boolean {
  const [score, id] = key.values;
  return (r) => {
    const i = plan.rank.get(r.doc._id);
    if (i === undefined) return false;
    const h = plan.hits[i]!;
    return (
      h.score < Number(score) || (h.score === Number(score) && compareScalars(h.id, String(id)) > 0)
    );
  };
}

/** Convenience for a one-off call (prepares the query each time). */
export function evaluateQuery(
  docs: Iterable<RecordDocument>,
  query: BrowseQuery,
  ctx: QueryContext,
  page: PageRequest,
): InMemoryPage {
  return evaluatePage(docs, prepareQuery(query, ctx), page);
}
