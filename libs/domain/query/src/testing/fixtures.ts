// Test fixtures: the synthetic project of the bench plus a random generator of valid queries
// for the compiler-vs-evaluator property tests.

import type { AttributeCondition, Condition, Order } from '../query.schema.js';
import {
  ATTRIBUTES,
  HEURISTICS,
  pick,
  type Rng,
  TASKS,
  TEXTS,
  TOPICS,
  USERS,
} from '../bench/synthetic-records.js';

export * from '../bench/synthetic-records.js';

function substringOf(r: Rng, text: string): string {
  const chars = [...text];
  if (chars.length === 0) return 'a';
  const a = Math.floor(r() * chars.length);
  const b = Math.min(chars.length, a + 1 + Math.floor(r() * 4));
  return chars.slice(a, b).join('');
}

function textValue(r: Rng): string {
  const t = pick(
    r,
    TEXTS.filter((x) => x !== ''),
  );
  const v = r() < 0.3 ? t : substringOf(r, t);
  return r() < 0.3 ? v.toUpperCase() : v;
}

function attributeCondition(r: Rng): AttributeCondition {
  const attr = pick(
    r,
    ATTRIBUTES.filter((a) => a.dataType !== 'EMBEDDING_LIST'),
  );
  const negate = r() < 0.25 ? true : undefined;
  const cs = r() < 0.5 ? true : undefined;
  const base = { kind: 'ATTRIBUTE' as const, attribute: attr.name, ...(negate ? { negate } : {}) };
  switch (attr.dataType) {
    case 'TEXT':
    case 'CATEGORY': {
      const value = attr.name === 'topic' ? pick(r, [...TOPICS, 'SPORTS', 'port']) : textValue(r);
      const op = pick(r, [
        'EQUAL',
        'BEGINS_WITH',
        'ENDS_WITH',
        'CONTAINS',
        'IN',
        'IN_WC',
        'IS_NULL',
        'GREATER',
        'BETWEEN',
      ] as const);
      if (op === 'IN')
        return { ...base, op, values: [value, textValue(r)], ...(cs ? { caseSensitive: cs } : {}) };
      if (op === 'IN_WC')
        return {
          ...base,
          op,
          values: [`${value.slice(0, 2)}*`, `?${value.slice(1)}`, `*${value.slice(-2)}*`],
          ...(cs ? { caseSensitive: cs } : {}),
        };
      if (op === 'IS_NULL') return { ...base, op };
      if (op === 'GREATER') return { ...base, op, value };
      if (op === 'BETWEEN') return { ...base, op, values: ['Y', 'you'] };
      return { ...base, op, value, ...(cs ? { caseSensitive: cs } : {}) };
    }
    case 'INTEGER':
    case 'FLOAT': {
      const n =
        attr.dataType === 'INTEGER' ? Math.floor(r() * 5) - 1 : Math.round(r() * 1000) / 100 - 2;
      const op = pick(r, [
        'EQUAL',
        'GREATER',
        'GREATER_EQUAL',
        'LESS',
        'LESS_EQUAL',
        'BETWEEN',
        'IN',
        'IS_NULL',
      ] as const);
      if (op === 'BETWEEN') return { ...base, op, values: [n, n + 2] };
      if (op === 'IN') return { ...base, op, values: [n, 0] };
      if (op === 'IS_NULL') return { ...base, op };
      return { ...base, op, value: n };
    }
    default: {
      const op = pick(r, ['EQUAL', 'IN', 'IS_NULL'] as const);
      if (op === 'IN') return { ...base, op, values: [r() < 0.5] };
      if (op === 'IS_NULL') return { ...base, op };
      return { ...base, op, value: r() < 0.5 };
    }
  }
}

export function randomCondition(r: Rng, depth = 0): Condition {
  const x = r();
  const task = pick(r, TASKS);
  const negate = r() < 0.2 ? { negate: true } : {};
  if (depth < 3 && x < 0.25) {
    const n = 1 + Math.floor(r() * 3);
    return {
      kind: r() < 0.5 ? 'AND' : 'OR',
      conditions: Array.from({ length: n }, () => randomCondition(r, depth + 1)),
      ...negate,
    };
  }
  if (x < 0.5) return attributeCondition(r);
  if (x < 0.55) return { kind: 'ANY_ATTRIBUTE', op: 'CONTAINS', value: textValue(r), ...negate };
  if (x < 0.58) return { kind: 'ANY_ATTRIBUTE', op: 'IS_NULL', ...negate };
  const labelOp = pick(r, ['IS', 'IS_NOT', 'HAS_ANY', 'HAS_NONE'] as const);
  const labelIds =
    labelOp === 'IS' || labelOp === 'IS_NOT' ? { labelIds: [pick(r, task.labelIds)] } : {};
  if (x < 0.68) {
    const by = pick(r, [
      undefined,
      'ANY',
      'GOLD',
      'REFERENCE',
      { userId: pick(r, USERS) },
    ] as const);
    return {
      kind: 'MANUAL_LABEL',
      taskId: task.id,
      op: labelOp,
      ...labelIds,
      ...(by ? { by } : {}),
      ...negate,
    };
  }
  if (x < 0.74) return { kind: 'WS_LABEL', taskId: task.id, op: labelOp, ...labelIds, ...negate };
  if (x < 0.8)
    return {
      kind: 'WS_CONFIDENCE',
      taskId: task.id,
      min: Math.round(r() * 50) / 100,
      ...(r() < 0.5 ? { max: 0.8 } : {}),
      ...negate,
    };
  if (x < 0.86)
    return {
      kind: 'HEURISTIC',
      taskId: task.id,
      heuristicId: pick(r, HEURISTICS),
      ...(r() < 0.5 ? { labelIds: [pick(r, task.labelIds)] } : {}),
      ...negate,
    };
  if (x < 0.92)
    return {
      kind: 'ANY_HEURISTIC',
      taskId: task.id,
      ...(r() < 0.3 ? { labelIds: [pick(r, task.labelIds)] } : {}),
      ...negate,
    };
  if (x < 0.96) return { kind: 'HEURISTICS_DISAGREE', taskId: task.id, ...negate };
  return { kind: 'HAS_COMMENTS', ...negate };
}

export function randomOrder(r: Rng): Order {
  const x = r();
  if (x < 0.2) return { kind: 'DEFAULT' };
  if (x < 0.4) return { kind: 'RANDOM', seed: Math.floor(r() * 1000) };
  const n = 1 + Math.floor(r() * 3);
  const keys = Array.from({ length: n }, () =>
    r() < 0.25
      ? {
          kind: 'WS_CONFIDENCE' as const,
          taskId: pick(r, TASKS).id,
          direction: r() < 0.5 ? ('ASC' as const) : ('DESC' as const),
        }
      : {
          kind: 'ATTRIBUTE' as const,
          attribute: pick(r, ['headline', 'topic', 'count', 'score', 'flag']),
          direction: r() < 0.5 ? ('ASC' as const) : ('DESC' as const),
        },
  );
  const unique = keys.filter(
    (k, i) =>
      keys.findIndex(
        (x) => JSON.stringify({ ...x, direction: '' }) === JSON.stringify({ ...k, direction: '' }),
      ) === i,
  );
  return { kind: 'FIELDS', keys: unique };
}
