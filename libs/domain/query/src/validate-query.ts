// Semantic checks of a structurally valid query against the project: attributes exist and the
// values have the attribute's type, operators fit the type, ranges are ordered, label ids belong
// to their task. Every issue names the path of the offending part.

import {
  type QueryContext,
  type AttributeSpec,
  isNumberType,
  isTextType,
} from './query-context.js';
import { formatPath, type QueryIssue } from './query-error.js';
import {
  type AnyAttributeCondition,
  type AttributeCondition,
  type BrowseQuery,
  type Condition,
  MAX_GROUP_DEPTH,
  type Order,
} from './query.schema.js';
import { compareScalars } from './value-order.js';

type Path = readonly PropertyKey[];

export function validateQuery(query: BrowseQuery, ctx: QueryContext): QueryIssue[] {
  const issues: QueryIssue[] = [];
  const attrs = new Map(ctx.attributes.map((a) => [a.name, a]));
  const tasks = ctx.tasks ? new Map(ctx.tasks.map((t) => [t.id, new Set(t.labelIds)])) : undefined;
  const add = (code: QueryIssue['code'], path: Path, message: string): void => {
    issues.push({ code, path: formatPath(path), message });
  };

  const checkTask = (taskId: string, labelIds: readonly string[] | undefined, path: Path): void => {
    if (!tasks) return;
    const labels = tasks.get(taskId);
    if (!labels) {
      add('UNKNOWN_TASK', [...path, 'taskId'], `unknown labeling task "${taskId}"`);
      return;
    }
    labelIds?.forEach((id, i) => {
      if (!labels.has(id))
        add(
          'UNKNOWN_LABEL',
          [...path, 'labelIds', i],
          `label "${id}" does not belong to task "${taskId}"`,
        );
    });
  };

  const checkValue = (attr: AttributeSpec, value: unknown, path: Path): boolean => {
    const t = attr.dataType;
    const ok =
      (isTextType(t) && typeof value === 'string') ||
      (isNumberType(t) && typeof value === 'number') ||
      (t === 'BOOLEAN' && typeof value === 'boolean');
    if (!ok) {
      const expected = isTextType(t) ? 'a string' : isNumberType(t) ? 'a number' : 'a boolean';
      add(
        'TYPE_MISMATCH',
        path,
        `attribute "${attr.name}" is ${t}: expected ${expected}, got ${JSON.stringify(value)}`,
      );
    }
    return ok;
  };

  const checkAttributeCondition = (
    c: AttributeCondition | AnyAttributeCondition,
    attr: AttributeSpec,
    path: Path,
  ): void => {
    const t = attr.dataType;
    const label = c.kind === 'ANY_ATTRIBUTE' ? 'any attribute' : `attribute "${attr.name}" (${t})`;
    const unsupported = (): void =>
      add('UNSUPPORTED_OPERATOR', [...path, 'op'], `${c.op} does not apply to ${label}`);
    switch (c.op) {
      case 'EQUAL':
        checkValue(attr, c.value, [...path, 'value']);
        return;
      case 'BEGINS_WITH':
      case 'ENDS_WITH':
      case 'CONTAINS':
        if (!isTextType(t)) return unsupported();
        if (checkValue(attr, c.value, [...path, 'value']) && c.value === '')
          add('MISSING_VALUE', [...path, 'value'], `${c.op} needs a non-empty text`);
        return;
      case 'GREATER':
      case 'GREATER_EQUAL':
      case 'LESS':
      case 'LESS_EQUAL':
        if (t === 'BOOLEAN') return unsupported();
        checkValue(attr, c.value, [...path, 'value']);
        return;
      case 'IN':
        c.values.forEach((v, i) => checkValue(attr, v, [...path, 'values', i]));
        return;
      case 'IN_WC':
        if (!isTextType(t)) return unsupported();
        c.values.forEach((v, i) => checkValue(attr, v, [...path, 'values', i]));
        return;
      case 'BETWEEN': {
        if (t === 'BOOLEAN') return unsupported();
        const [lo, hi] = c.values;
        const okLo = checkValue(attr, lo, [...path, 'values', 0]);
        const okHi = checkValue(attr, hi, [...path, 'values', 1]);
        if (okLo && okHi && compareScalars(lo, hi) > 0)
          add(
            'INVALID_RANGE',
            [...path, 'values'],
            `lower bound ${JSON.stringify(lo)} is above upper bound ${JSON.stringify(hi)}`,
          );
        return;
      }
      case 'IS_NULL':
        return;
    }
  };

  const walk = (c: Condition, path: Path, depth: number): void => {
    switch (c.kind) {
      case 'AND':
      case 'OR':
        if (depth >= MAX_GROUP_DEPTH) {
          add('TOO_DEEP', path, `groups nest at most ${MAX_GROUP_DEPTH} levels`);
          return;
        }
        c.conditions.forEach((child, i) => walk(child, [...path, 'conditions', i], depth + 1));
        return;
      case 'ATTRIBUTE': {
        const attr = attrs.get(c.attribute);
        if (!attr)
          return add(
            'UNKNOWN_ATTRIBUTE',
            [...path, 'attribute'],
            `unknown attribute "${c.attribute}"`,
          );
        if (attr.dataType === 'EMBEDDING_LIST')
          return add(
            'UNSUPPORTED_OPERATOR',
            [...path, 'attribute'],
            `attribute "${c.attribute}" (EMBEDDING_LIST) cannot be filtered`,
          );
        return checkAttributeCondition(c, attr, path);
      }
      case 'ANY_ATTRIBUTE':
        // Checked as if against one TEXT attribute: every value must be a string.
        return checkAttributeCondition(c, { name: '*', dataType: 'TEXT' }, path);
      case 'MANUAL_LABEL':
      case 'WS_LABEL': {
        const needsLabels = c.op === 'IS' || c.op === 'IS_NOT';
        if (needsLabels && !c.labelIds)
          add('MISSING_VALUE', [...path, 'labelIds'], `${c.op} needs labelIds`);
        if (!needsLabels && c.labelIds)
          add('UNEXPECTED_VALUE', [...path, 'labelIds'], `${c.op} takes no labelIds`);
        return checkTask(c.taskId, c.labelIds, path);
      }
      case 'WS_CONFIDENCE':
        if (c.min === undefined && c.max === undefined)
          add('MISSING_VALUE', path, 'WS_CONFIDENCE needs min, max or both');
        if (c.min !== undefined && c.max !== undefined && c.min > c.max)
          add('INVALID_RANGE', [...path, 'min'], `min ${c.min} is above max ${c.max}`);
        return checkTask(c.taskId, undefined, path);
      case 'HEURISTIC':
      case 'ANY_HEURISTIC':
        return checkTask(c.taskId, c.labelIds, path);
      case 'HEURISTICS_DISAGREE':
        return checkTask(c.taskId, undefined, path);
      case 'HAS_COMMENTS':
        return;
    }
  };

  const checkOrder = (order: Order): void => {
    if (order.kind === 'FIELDS') {
      const seen = new Set<string>();
      order.keys.forEach((k, i) => {
        const path = ['order', 'keys', i];
        // A MongoDB sort document cannot hold one field twice (the later direction would win).
        const id = k.kind === 'ATTRIBUTE' ? `a:${k.attribute}` : `c:${k.taskId}`;
        if (seen.has(id)) add('UNEXPECTED_VALUE', path, 'the same sort key appears twice');
        seen.add(id);
        if (k.kind === 'WS_CONFIDENCE') return checkTask(k.taskId, undefined, path);
        const attr = attrs.get(k.attribute);
        if (!attr)
          return add(
            'UNKNOWN_ATTRIBUTE',
            [...path, 'attribute'],
            `unknown attribute "${k.attribute}"`,
          );
        if (attr.dataType === 'EMBEDDING_LIST')
          add(
            'UNSUPPORTED_OPERATOR',
            [...path, 'attribute'],
            `attribute "${k.attribute}" (EMBEDDING_LIST) cannot be sorted`,
          );
      });
    }
    if (order.kind === 'SIMILARITY' && !ctx.similarity)
      add(
        'MISSING_SIMILARITY',
        ['order'],
        'similarity order needs the similar-record hits from the embeddings service',
      );
  };

  if (query.filter) walk(query.filter, ['filter'], 0);
  checkOrder(query.order);
  return issues;
}
