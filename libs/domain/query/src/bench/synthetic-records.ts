// Synthetic project (schema + deterministic record generator) shared by the benchmark and the
// property tests. Pure: no I/O.

import type { AttributeSpec, TaskSpec } from '../query-context.js';
import { randomKeyFor } from '../seeded-random.js';
import { type RecordDocument, summarizeTaskLabels } from '../record-document.js';

export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG (tests need reproducible randomness). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'headline', dataType: 'TEXT' },
  { name: 'topic', dataType: 'CATEGORY' },
  { name: 'count', dataType: 'INTEGER' },
  { name: 'score', dataType: 'FLOAT' },
  { name: 'flag', dataType: 'BOOLEAN' },
  { name: 'vector', dataType: 'EMBEDDING_LIST' },
];

export const TASKS: readonly TaskSpec[] = [
  { id: 't1', labelIds: ['clickbait', 'regular'] },
  { id: 't2', labelIds: ['pos', 'neg', 'neu'] },
];
export const USERS = ['u1', 'u2'] as const;
export const HEURISTICS = ['h1', 'h2', 'h3'] as const;

/** Texts chosen to stress escaping, case folding, code-point order and "empty". */
export const TEXTS = [
  'Why you should read this',
  '10 things YOU must know',
  'you',
  'You',
  'a.b*c?(d)',
  '[brackets] and {braces}',
  '$dollar ^caret |pipe',
  'back\\slash',
  'Straße ÄÖÜ',
  'emoji 😀 end',
  'ﬀ ligature',
  'line\nbreak',
  'trailing newline\n',
  '',
  'zebra',
  'Zebra',
] as const;
export const TOPICS = ['sports', 'politics', 'Sports', 'tech'] as const;

export const SCOPE = { projectId: 'p1', generation: 1 } as const;

export function makeRecords(n: number, seed = 1): RecordDocument[] {
  const r = rng(seed);
  const maybe = <T>(p: number, v: () => T): T | null => (r() < p ? null : v());
  const records: RecordDocument[] = [];
  for (let i = 0; i < n; i++) {
    const id = `r${String(i).padStart(5, '0')}`;
    const labels: Record<string, ReturnType<typeof summarizeTaskLabels>> = {};
    for (const task of TASKS) {
      if (r() < 0.15) continue; // record without a summary for this task
      const manual = USERS.flatMap((u) =>
        r() < 0.4 ? [{ userId: u, labelId: pick(r, task.labelIds) }] : [],
      );
      const heuristics = HEURISTICS.flatMap((h) =>
        r() < 0.45 ? [{ heuristicId: h, labelId: pick(r, task.labelIds) }] : [],
      );
      const ws = r() < 0.6 ? [pick(r, task.labelIds)] : [];
      labels[task.id] = summarizeTaskLabels({
        manual,
        gold: r() < 0.1 ? [pick(r, task.labelIds)] : [],
        reference: manual.length > 0 && r() < 0.5 ? [manual[0]!.labelId] : [],
        heuristics,
        weakSupervision: ws,
        weakSupervisionConfidence: ws.length > 0 ? Math.round(r() * 100) / 100 : null,
      });
    }
    const data: Record<string, string | number | boolean | null | string[]> = {
      headline: maybe(0.05, () => pick(r, TEXTS)),
      topic: maybe(0.1, () => pick(r, TOPICS)),
      count: maybe(0.1, () => Math.floor(r() * 5) - 1),
      score: maybe(0.1, () => Math.round(r() * 1000) / 100 - 2),
      flag: maybe(0.2, () => r() < 0.5),
      vector: ['x'],
    };
    if (r() < 0.05) delete data['topic']; // missing, not null
    records.push({
      _id: id,
      ...SCOPE,
      seq: i,
      key: id,
      rnd: randomKeyFor(id),
      data,
      labels,
      commentCount: r() < 0.1 ? Math.floor(r() * 3) + 1 : 0,
    });
  }
  return records;
}
