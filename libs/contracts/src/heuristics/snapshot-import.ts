import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from '../records/common.js';
import { HeuristicLanguage, PythonVariable } from './common.js';
import { MAX_TERMS_PER_LIST } from './lookup-lists.js';

export const ImportedHeuristic = z.object({
  /** Kept as the heuristic id: records stores the snapshot's outputs under it as `sourceId`. */
  id: EntityId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5_000).default(''),
  /** refinery's type: LABELING_FUNCTION, ACTIVE_LEARNING, ZERO_SHOT, … (only labeling functions run here). */
  type: z.string().min(1).max(100),
  language: HeuristicLanguage.default('python'),
  code: z.string().max(100_000),
  /** The task in the new project (records' id). */
  taskId: EntityId,
  selected: z.boolean().default(true),
});
export type ImportedHeuristic = z.infer<typeof ImportedHeuristic>;

export const ImportedLookupList = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2_000).default(''),
  pythonVariable: PythonVariable.optional(),
  terms: z.array(z.object({ value: z.string().trim().min(1).max(500), blacklisted: z.boolean().default(false) })).max(MAX_TERMS_PER_LIST),
});
export type ImportedLookupList = z.infer<typeof ImportedLookupList>;

export const HeuristicsImportReply = z.object({
  heuristics: z.number().int().nonnegative(),
  /** Heuristics kept read-only, with the reason (spaCy features, other packages, not a labeling function). */
  readOnly: z.array(z.object({ id: EntityId, name: z.string(), reason: z.string() })),
  lookupLists: z.number().int().nonnegative(),
  terms: z.number().int().nonnegative(),
});
export type HeuristicsImportReply = z.infer<typeof HeuristicsImportReply>;

export const HeuristicsSnapshotSubjects = {
  /**
   * The heuristics part of a project import (export orchestrates, after records committed the
   * project): lookup lists first (functions import them), then heuristics. Idempotent: a list
   * whose name exists gets the missing terms, a heuristic whose id exists is left as it is, so a
   * large import may be sent in several requests.
   */
  apply: defineRequest(
    'heuristics.snapshot-import.apply.v1',
    z.object({ lookupLists: z.array(ImportedLookupList).max(500).default([]), heuristics: z.array(ImportedHeuristic).max(1_000).default([]) }),
    HeuristicsImportReply,
    120_000,
  ),
} as const;
