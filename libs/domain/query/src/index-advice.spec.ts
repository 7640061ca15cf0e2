import { compileQuery } from './compile-query.js';
import { recommendedIndexes } from './index-advice.js';
import type { Order } from './query.schema.js';
import { HAND_ATTRIBUTES, HAND_TASKS } from './testing/hand-made.js';

const ctx = {
  attributes: HAND_ATTRIBUTES,
  tasks: HAND_TASKS,
  scope: { projectId: 'p', generation: 1 },
};
const indexes = recommendedIndexes({
  attributes: HAND_ATTRIBUTES,
  taskIds: HAND_TASKS.map((t) => t.id),
});

/**
 * An index serves a sort without a SORT stage when scope + sort fields are its key prefix and the
 * directions are all the same or all opposite (MongoDB walks an index either way).
 */
function servesSort(sort: Record<string, 1 | -1>): boolean {
  const fields = Object.keys(sort);
  const wanted = ['projectId', 'generation', ...fields];
  return indexes.some((ix) => {
    const keys = Object.keys(ix.key);
    if (!wanted.every((k, i) => keys[i] === k)) return false;
    const same = fields.every((f) => ix.key[f] === sort[f]);
    const opposite = fields.every((f) => ix.key[f] === -sort[f]!);
    return same || opposite;
  });
}

describe('recommendedIndexes', () => {
  it.each<[string, Order]>([
    ['default order', { kind: 'DEFAULT' }],
    [
      'attribute ascending',
      { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'headline', direction: 'ASC' }] },
    ],
    [
      'attribute descending',
      { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'count', direction: 'DESC' }] },
    ],
    [
      'weak-supervision confidence',
      { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: 'cb', direction: 'ASC' }] },
    ],
    ['seeded random', { kind: 'RANDOM', seed: 3 }],
  ])('cover the sort of the %s', (_name, order) => {
    for (const segment of compileQuery({ filter: null, order }, ctx).segments)
      expect(servesSort(segment.sort)).toBe(true);
  });

  it('skip EMBEDDING_LIST attributes and stay well under MongoDB’s 64 indexes', () => {
    expect(indexes.some((i) => 'data.vec' in i.key)).toBe(false);
    expect(indexes.length).toBeLessThan(64);
    expect(new Set(indexes.map((i) => i.name)).size).toBe(indexes.length);
  });
});
