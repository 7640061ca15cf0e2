import { z } from 'zod';
import { DataType, HeuristicKind, HeuristicLanguage, IsoDate, PythonVariable } from '@refinery/contracts';

/**
 * Lines of the heuristics part of a project snapshot (`heuristics/<collection>.jsonl`), in
 * collection order. Ids (list, heuristic, calculation, task, label) are the source project's.
 */
const Id = z.string().min(1).max(128);

export const LookupListLine = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2_000),
  pythonVariable: PythonVariable,
  /** Set for the list of an extraction label (its terms grow from labelled spans). */
  taskId: Id.nullable(),
  labelId: Id.nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});

export const LookupTermLine = z.object({ listId: Id, value: z.string().trim().min(1).max(500), blacklisted: z.boolean(), origin: z.enum(['manual', 'span']) });
export type LookupTermLine = z.infer<typeof LookupTermLine>;

export const HeuristicLine = z.object({
  id: Id,
  kind: HeuristicKind,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5_000),
  /** null for active learners. */
  language: HeuristicLanguage.nullable(),
  /** An active learner's code is its configuration as formatted JSON. */
  code: z.string().min(1).max(100_000),
  /** An active learner's configuration; null for other kinds (ids in it are remapped by the id-field rule). */
  config: z.record(z.string(), z.unknown()).nullable().default(null),
  taskId: Id,
  selected: z.boolean(),
  readOnlyReason: z.string().max(2_000).nullable(),
  createdBy: z.string().min(1).max(200),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});

export const AttributeCalculationLine = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  dataType: DataType,
  language: HeuristicLanguage,
  code: z.string().min(1).max(100_000),
  createdBy: z.string().min(1).max(200),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});

export const heuristicsPartCollections = ['lookup-lists', 'lookup-terms', 'heuristics', 'attribute-calculations'] as const;
export type HeuristicsPartCollection = (typeof heuristicsPartCollections)[number];
