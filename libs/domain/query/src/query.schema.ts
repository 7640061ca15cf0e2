// The data-browser query language: zod schemas (part of the API contract) and their types.
// Structure only; whether a condition fits the project's attributes is `validateQuery`'s job.

import { z } from 'zod';

export const MAX_GROUP_DEPTH = 6;
export const MAX_LIST_VALUES = 1_000;
export const MAX_PAGE_LIMIT = 500;

const Id = z.string().min(1).max(128);
const AttributeRef = z.string().min(1).max(100);
const Text = z.string().max(10_000);
const Scalar = z.union([Text, z.number().finite(), z.boolean()]);
const Ordered = z.union([Text, z.number().finite()]);

export const textMatchOps = ['EQUAL', 'BEGINS_WITH', 'ENDS_WITH', 'CONTAINS'] as const;
export const comparisonOps = ['GREATER', 'GREATER_EQUAL', 'LESS', 'LESS_EQUAL'] as const;
export const listOps = ['IN', 'IN_WC'] as const;
export const attributeOps = [
  ...textMatchOps,
  ...comparisonOps,
  ...listOps,
  'BETWEEN',
  'IS_NULL',
] as const;
export type AttributeOp = (typeof attributeOps)[number];

const negate = z.boolean().optional();
/** String matching is case-insensitive unless `caseSensitive` is true. */
const caseSensitive = z.boolean().optional();

function attributeConditions<K extends 'ATTRIBUTE' | 'ANY_ATTRIBUTE', T extends z.ZodRawShape>(
  kind: K,
  target: T,
) {
  const base = { kind: z.literal(kind), ...target, negate };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...base, op: z.enum(textMatchOps), value: Scalar, caseSensitive }),
    z.strictObject({ ...base, op: z.enum(comparisonOps), value: Ordered }),
    z.strictObject({
      ...base,
      op: z.enum(listOps),
      values: z.array(Scalar).min(1).max(MAX_LIST_VALUES),
      caseSensitive,
    }),
    z.strictObject({ ...base, op: z.literal('BETWEEN'), values: z.tuple([Ordered, Ordered]) }),
    z.strictObject({ ...base, op: z.literal('IS_NULL') }),
  ]);
}

/** A condition on one attribute's value. */
export const AttributeCondition = attributeConditions('ATTRIBUTE', { attribute: AttributeRef });
export type AttributeCondition = z.infer<typeof AttributeCondition>;

/** "Any attribute": the condition holds for at least one TEXT or CATEGORY attribute. */
export const AnyAttributeCondition = attributeConditions('ANY_ATTRIBUTE', {});
export type AnyAttributeCondition = z.infer<typeof AnyAttributeCondition>;

/** Whose manual labels: any annotator (default), one user, the gold labels, or the valid reference. */
export const LabelSource = z.union([
  z.enum(['ANY', 'GOLD', 'REFERENCE']),
  z.strictObject({ userId: Id }),
]);
export type LabelSource = z.infer<typeof LabelSource>;

const labelOps = z.enum(['IS', 'IS_NOT', 'HAS_ANY', 'HAS_NONE']);
const labelIds = z.array(Id).min(1).max(MAX_LIST_VALUES).optional();

/** IS / IS_NOT take `labelIds` (any of them); HAS_ANY / HAS_NONE take none. */
export const ManualLabelCondition = z.strictObject({
  kind: z.literal('MANUAL_LABEL'),
  taskId: Id,
  op: labelOps,
  labelIds,
  by: LabelSource.optional(),
  negate,
});
export type ManualLabelCondition = z.infer<typeof ManualLabelCondition>;

export const WeakSupervisionLabelCondition = z.strictObject({
  kind: z.literal('WS_LABEL'),
  taskId: Id,
  op: labelOps,
  labelIds,
  negate,
});
export type WeakSupervisionLabelCondition = z.infer<typeof WeakSupervisionLabelCondition>;

/** Weak-supervision confidence within [min, max] (both inclusive, either optional). */
export const ConfidenceCondition = z.strictObject({
  kind: z.literal('WS_CONFIDENCE'),
  taskId: Id,
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  negate,
});
export type ConfidenceCondition = z.infer<typeof ConfidenceCondition>;

/** Heuristic X predicted one of `labelIds` (or anything, without `labelIds`). */
export const HeuristicCondition = z.strictObject({
  kind: z.literal('HEURISTIC'),
  taskId: Id,
  heuristicId: Id,
  labelIds,
  negate,
});
export type HeuristicCondition = z.infer<typeof HeuristicCondition>;

/** At least one heuristic predicted (one of `labelIds`, when given). */
export const AnyHeuristicCondition = z.strictObject({
  kind: z.literal('ANY_HEURISTIC'),
  taskId: Id,
  labelIds,
  negate,
});
export type AnyHeuristicCondition = z.infer<typeof AnyHeuristicCondition>;

/** The task's heuristics predicted at least two different labels. */
export const HeuristicsDisagreeCondition = z.strictObject({
  kind: z.literal('HEURISTICS_DISAGREE'),
  taskId: Id,
  negate,
});
export type HeuristicsDisagreeCondition = z.infer<typeof HeuristicsDisagreeCondition>;

export const HasCommentsCondition = z.strictObject({ kind: z.literal('HAS_COMMENTS'), negate });
export type HasCommentsCondition = z.infer<typeof HasCommentsCondition>;

export type LeafCondition =
  | AttributeCondition
  | AnyAttributeCondition
  | ManualLabelCondition
  | WeakSupervisionLabelCondition
  | ConfidenceCondition
  | HeuristicCondition
  | AnyHeuristicCondition
  | HeuristicsDisagreeCondition
  | HasCommentsCondition;

export interface GroupCondition {
  readonly kind: 'AND' | 'OR';
  readonly conditions: readonly Condition[];
  readonly negate?: boolean | undefined;
}

export type Condition = LeafCondition | GroupCondition;

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    AttributeCondition,
    AnyAttributeCondition,
    ManualLabelCondition,
    WeakSupervisionLabelCondition,
    ConfidenceCondition,
    HeuristicCondition,
    AnyHeuristicCondition,
    HeuristicsDisagreeCondition,
    HasCommentsCondition,
    GroupConditionSchema,
  ]),
);

const GroupConditionSchema = z.strictObject({
  kind: z.enum(['AND', 'OR']),
  conditions: z.array(Condition).min(1).max(100),
  negate,
});

export const SortDirection = z.enum(['ASC', 'DESC']);
export type SortDirection = z.infer<typeof SortDirection>;

export const SortKey = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ATTRIBUTE'),
    attribute: AttributeRef,
    direction: SortDirection,
  }),
  z.strictObject({ kind: z.literal('WS_CONFIDENCE'), taskId: Id, direction: SortDirection }),
]);
export type SortKey = z.infer<typeof SortKey>;

/**
 * DEFAULT = upload order. FIELDS = attributes and/or weak-supervision confidence (nulls first
 * ascending, last descending — MongoDB's rule). RANDOM = seeded. SIMILARITY = the embeddings
 * service's top-K for `recordId`, best first; the caller passes those hits to the compiler.
 */
export const Order = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('DEFAULT') }),
  z.strictObject({ kind: z.literal('FIELDS'), keys: z.array(SortKey).min(1).max(5) }),
  z.strictObject({
    kind: z.literal('RANDOM'),
    seed: z.union([z.string().min(1).max(200), z.number().int()]),
  }),
  z.strictObject({ kind: z.literal('SIMILARITY'), recordId: Id, embeddingId: Id }),
]);
export type Order = z.infer<typeof Order>;

export const BrowseQuery = z.strictObject({
  filter: Condition.nullable().default(null),
  order: Order.default({ kind: 'DEFAULT' }),
});
export type BrowseQuery = z.output<typeof BrowseQuery>;
export type BrowseQueryInput = z.input<typeof BrowseQuery>;

/** Offset paging, or keyset paging with the opaque `cursor` of the previous page (null = first). */
export const PageRequest = z.union([
  z.strictObject({
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
    offset: z.number().int().min(0),
  }),
  z.strictObject({
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
    cursor: z.string().max(4_000).nullable(),
  }),
]);
export type PageRequest = z.infer<typeof PageRequest>;
