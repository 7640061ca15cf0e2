// A hand-made record set with known answers for the operator tables.

import type { AttributeSpec, TaskSpec } from '../query-context.js';
import {
  EMPTY_TASK_SUMMARY,
  type RecordDocument,
  summarizeTaskLabels,
  type TaskLabelSummary,
} from '../record-document.js';
import { randomKeyFor } from '../seeded-random.js';

export const HAND_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'headline', dataType: 'TEXT' },
  { name: 'topic', dataType: 'CATEGORY' },
  { name: 'count', dataType: 'INTEGER' },
  { name: 'score', dataType: 'FLOAT' },
  { name: 'flag', dataType: 'BOOLEAN' },
  { name: 'vec', dataType: 'EMBEDDING_LIST' },
];
export const HAND_TASKS: readonly TaskSpec[] = [{ id: 'cb', labelIds: ['yes', 'no'] }];

function rec(
  n: number,
  data: RecordDocument['data'],
  cb: TaskLabelSummary | null = null,
  commentCount = 0,
): RecordDocument {
  const id = `r${n}`;
  return {
    _id: id,
    projectId: 'p',
    generation: 1,
    seq: n,
    key: id,
    rnd: randomKeyFor(id),
    data,
    labels: cb ? { cb } : {},
    commentCount,
  };
}

export const HAND_RECORDS: readonly RecordDocument[] = [
  rec(
    1,
    { headline: 'Why you should care', topic: 'sports', count: 0, score: 1.5, flag: true },
    summarizeTaskLabels({
      manual: [{ userId: 'alice', labelId: 'yes' }],
      heuristics: [{ heuristicId: 'h1', labelId: 'yes' }],
      weakSupervision: ['yes'],
      weakSupervisionConfidence: 0.9,
    }),
    2,
  ),
  rec(
    2,
    { headline: 'YOU will not believe', topic: 'Sports', count: 5, score: -2, flag: false },
    summarizeTaskLabels({
      heuristics: [
        { heuristicId: 'h1', labelId: 'yes' },
        { heuristicId: 'h2', labelId: 'no' },
      ],
      weakSupervision: ['yes'],
      weakSupervisionConfidence: 0.55,
    }),
  ),
  rec(
    3,
    { headline: 'a.b*c (x)', topic: 'politics', count: -1, score: 0, flag: null },
    summarizeTaskLabels({
      manual: [
        { userId: 'bob', labelId: 'no' },
        { userId: 'alice', labelId: 'no' },
      ],
      gold: ['no'],
      reference: ['no'],
    }),
  ),
  rec(
    4,
    { headline: '', topic: null, count: null, score: 10.25, flag: true },
    summarizeTaskLabels({
      heuristics: [{ heuristicId: 'h3', labelId: 'no' }],
      weakSupervision: ['no'],
      weakSupervisionConfidence: 0.7,
    }),
  ),
  rec(5, { headline: null, count: 10, score: null, flag: false }, { ...EMPTY_TASK_SUMMARY }, 1),
  rec(6, { headline: 'line one\n', topic: 'tech', count: 2, score: 2, flag: true }),
];

/** Ids of the records a predicate accepts, in record order. */
export const idsOf = (docs: readonly { _id: string }[]): string[] => docs.map((d) => d._id);
