// Condition AST -> MongoDB filter, within FerretDB 1.24's query operators: equality, `$in`,
// `$gt`/`$gte`/`$lt`/`$lte`, `$regex` + `$options`, `$exists`, `$size`, `$and`/`$or`/`$nor`.
// No `$expr` and no aggregation expressions (FerretDB 1.x implements almost none of them).

import { andFilters, type MongoFilter, notFilter, orFilters } from './mongo-types.js';
import { type AttributeSpec, isTextType } from './query-context.js';
import type {
  AnyAttributeCondition,
  AttributeCondition,
  Condition,
  LabelSource,
} from './query.schema.js';
import { escapeRegex, mongoTextPattern, type TextMatchOp } from './text-patterns.js';
import { PAIR_SEPARATOR } from './record-document.js';

export const dataPath = (attribute: string): string => `data.${attribute}`;
export const taskPath = (taskId: string, field: string): string => `labels.${taskId}.${field}`;

function regex(
  path: string,
  op: TextMatchOp,
  value: string,
  caseSensitive: boolean | undefined,
): MongoFilter {
  const $regex = mongoTextPattern(op, value);
  return { [path]: caseSensitive ? { $regex } : { $regex, $options: 'i' } };
}

/** Whether the array at `path` has at least one element (missing counts as empty). */
function nonEmpty(path: string): MongoFilter {
  return notFilter(orFilters([{ [path]: { $exists: false } }, { [path]: { $size: 0 } }]));
}

function attributeFilter(
  c: AttributeCondition | AnyAttributeCondition,
  path: string,
  attr: AttributeSpec,
): MongoFilter {
  const text = isTextType(attr.dataType);
  switch (c.op) {
    case 'EQUAL':
      return text && !c.caseSensitive
        ? regex(path, 'EQUAL', String(c.value), false)
        : { [path]: c.value };
    case 'BEGINS_WITH':
    case 'ENDS_WITH':
    case 'CONTAINS':
      return regex(path, c.op, String(c.value), c.caseSensitive);
    case 'GREATER':
      return { [path]: { $gt: c.value } };
    case 'GREATER_EQUAL':
      return { [path]: { $gte: c.value } };
    case 'LESS':
      return { [path]: { $lt: c.value } };
    case 'LESS_EQUAL':
      return { [path]: { $lte: c.value } };
    case 'BETWEEN':
      return { [path]: { $gte: c.values[0], $lte: c.values[1] } };
    case 'IN':
      // Case-insensitive IN is a disjunction of anchored regexes (`$in` with regex values is
      // not something to rely on across MongoDB and FerretDB).
      return text && !c.caseSensitive
        ? orFilters(c.values.map((v) => regex(path, 'EQUAL', String(v), false)))
        : { [path]: { $in: [...c.values] } };
    case 'IN_WC':
      return orFilters(c.values.map((v) => regex(path, 'WILDCARD', String(v), c.caseSensitive)));
    case 'IS_NULL':
      // `{f: null}` matches null and missing; for text an empty string is "empty" too. 0 is a value.
      return text ? orFilters([{ [path]: null }, { [path]: '' }]) : { [path]: null };
  }
}

function labelField(by: LabelSource | undefined): { field: string; userId?: string } {
  if (by === undefined || by === 'ANY') return { field: 'manual' };
  if (by === 'GOLD') return { field: 'gold' };
  if (by === 'REFERENCE') return { field: 'reference' };
  return { field: 'manualBy', userId: by.userId };
}

/** Label-set conditions shared by manual and weak-supervision labels. */
function labelSetFilter(
  op: 'IS' | 'IS_NOT' | 'HAS_ANY' | 'HAS_NONE',
  path: string,
  labelIds: readonly string[] | undefined,
  owner: string | undefined,
): MongoFilter {
  const ids = labelIds ?? [];
  const has =
    op === 'IS' || op === 'IS_NOT'
      ? {
          [path]: {
            $in: owner === undefined ? [...ids] : ids.map((l) => `${owner}${PAIR_SEPARATOR}${l}`),
          },
        }
      : owner === undefined
        ? nonEmpty(path)
        : { [path]: { $regex: `^${escapeRegex(owner + PAIR_SEPARATOR)}` } };
  return op === 'IS' || op === 'HAS_ANY' ? has : notFilter(has);
}

export function compileCondition(
  c: Condition,
  attributes: ReadonlyMap<string, AttributeSpec>,
): MongoFilter {
  const inner = ((): MongoFilter => {
    switch (c.kind) {
      case 'AND':
        return andFilters(c.conditions.map((x) => compileCondition(x, attributes)));
      case 'OR':
        return orFilters(c.conditions.map((x) => compileCondition(x, attributes)));
      case 'ATTRIBUTE':
        return attributeFilter(c, dataPath(c.attribute), attributes.get(c.attribute)!);
      case 'ANY_ATTRIBUTE':
        return orFilters(
          [...attributes.values()]
            .filter((a) => isTextType(a.dataType))
            .map((a) => attributeFilter(c, dataPath(a.name), a)),
        );
      case 'MANUAL_LABEL': {
        const { field, userId } = labelField(c.by);
        return labelSetFilter(c.op, taskPath(c.taskId, field), c.labelIds, userId);
      }
      case 'WS_LABEL':
        return labelSetFilter(c.op, taskPath(c.taskId, 'weakSupervision'), c.labelIds, undefined);
      case 'WS_CONFIDENCE': {
        const range: Record<string, number> = {};
        if (c.min !== undefined) range['$gte'] = c.min;
        if (c.max !== undefined) range['$lte'] = c.max;
        return { [taskPath(c.taskId, 'weakSupervisionConfidence')]: range };
      }
      case 'HEURISTIC':
        return c.labelIds
          ? {
              [taskPath(c.taskId, 'heuristicBy')]: {
                $in: c.labelIds.map((l) => `${c.heuristicId}${PAIR_SEPARATOR}${l}`),
              },
            }
          : {
              [taskPath(c.taskId, 'heuristicBy')]: {
                $regex: `^${escapeRegex(c.heuristicId + PAIR_SEPARATOR)}`,
              },
            };
      case 'ANY_HEURISTIC':
        return c.labelIds
          ? { [taskPath(c.taskId, 'heuristics')]: { $in: [...c.labelIds] } }
          : { [taskPath(c.taskId, 'heuristicCount')]: { $gt: 0 } };
      case 'HEURISTICS_DISAGREE':
        return { [taskPath(c.taskId, 'disagree')]: true };
      case 'HAS_COMMENTS':
        return { commentCount: { $gt: 0 } };
    }
  })();
  return c.negate ? notFilter(inner) : inner;
}
