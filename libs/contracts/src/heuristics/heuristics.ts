import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId, IsoDate } from '../records/common.js';
import { HeuristicCode, HeuristicLanguage } from './common.js';
import { RunSummary } from './runs.js';

/**
 * `ACTIVE_LEARNER` = a classifier on an embedding's vectors, trained on the task's manual labels;
 * `IMPORTED` = a refinery heuristic of another type (zero-shot, …), kept read-only.
 */
export const heuristicKinds = ['LABELING_FUNCTION', 'ACTIVE_LEARNER', 'IMPORTED'] as const;
export const HeuristicKind = z.enum(heuristicKinds);
export type HeuristicKind = z.infer<typeof HeuristicKind>;

/**
 * An active learner's configuration (JSON), e.g. `{"embedding": "headline-classification-tf-idf",
 * "model": "decision-tree", "params": {"maxDepth": 5}, "minConfidence": 0.9}`: the embedding by
 * name or id, `model` logistic-regression (default) | decision-tree | knn, the model's params, and
 * the probability below which a prediction is dropped (default 0.8). Checked field by field by the
 * heuristics service (unknown fields are errors).
 */
export const ActiveLearnerConfigJson = z.record(z.string(), z.unknown());
export type ActiveLearnerConfigJson = z.infer<typeof ActiveLearnerConfigJson>;

export const Heuristic = z.object({
  id: EntityId,
  kind: HeuristicKind,
  name: z.string(),
  description: z.string(),
  /** null for active learners */
  language: HeuristicLanguage.nullable(),
  /** The function's code; an active learner's configuration as formatted JSON. */
  code: z.string(),
  /** An active learner's configuration with every default filled in; null for other kinds. */
  config: ActiveLearnerConfigJson.nullable(),
  /** The labeling task (in records) whose labels the function returns. */
  taskId: EntityId,
  /** Taken into weak supervision when selected. */
  selected: z.boolean(),
  /**
   * Set when the code cannot run here (imported from refinery: spaCy features, other packages,
   * not a labeling function): it is not run, its stored outputs stay usable. Cleared when a code
   * change makes it runnable.
   */
  readOnlyReason: z.string().nullable(),
  /** The latest finished run (its outputs are the ones in force when it succeeded). */
  lastRun: RunSummary.nullable(),
  createdBy: z.string(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Heuristic = z.infer<typeof Heuristic>;

const Description = z.string().max(5_000);
const HeuristicRef = z.object({ heuristicId: EntityId });

export const HeuristicSubjects = {
  /** Name unique per project (CONFLICT); the task must exist in records (NOT_FOUND naming it). */
  create: defineRequest(
    'heuristics.heuristics.create.v1',
    z.object({
      name: DisplayName,
      description: Description.default(''),
      language: HeuristicLanguage,
      code: HeuristicCode,
      taskId: EntityId,
      selected: z.boolean().default(true),
    }),
    Heuristic,
  ),
  list: defineRequest(
    'heuristics.heuristics.list.v1',
    z.object({ taskId: EntityId.optional() }).strict(),
    z.object({ heuristics: z.array(Heuristic) }),
  ),
  get: defineRequest('heuristics.heuristics.get.v1', HeuristicRef, Heuristic),
  /** Partial update; a changed code takes effect at the next run (runs keep their own snapshot). */
  update: defineRequest(
    'heuristics.heuristics.update.v1',
    HeuristicRef.extend({
      name: DisplayName.optional(),
      description: Description.optional(),
      language: HeuristicLanguage.optional(),
      code: HeuristicCode.optional(),
      /** active learners only (language and code are for labeling functions) */
      config: ActiveLearnerConfigJson.optional(),
      taskId: EntityId.optional(),
      selected: z.boolean().optional(),
    }),
    Heuristic,
  ),
  /** Selects / deselects many heuristics for weak supervision at once. */
  select: defineRequest(
    'heuristics.heuristics.select.v1',
    z.object({ heuristicIds: z.array(EntityId).min(1).max(500), selected: z.boolean() }),
    z.object({ heuristics: z.array(Heuristic) }),
  ),
  /**
   * Creates an active learner on a classification task (the embedding must exist and be
   * attribute-level); runs like any heuristic.
   */
  createActiveLearner: defineRequest(
    'heuristics.active-learners.create.v1',
    z.object({
      name: DisplayName,
      description: Description.default(''),
      taskId: EntityId,
      config: ActiveLearnerConfigJson,
      selected: z.boolean().default(true),
    }),
    Heuristic,
  ),
  /**
   * The records each active learner of a task was trained on in its last successful run (every
   * other manually labelled record): weak supervision leaves them out of the learner's statistics.
   */
  learnerTrainingRecords: defineRequest(
    'heuristics.active-learners.training-records.v1',
    z.object({ taskId: EntityId }),
    z.object({ learners: z.array(z.object({ heuristicId: EntityId, recordIds: z.array(EntityId) })) }),
  ),
  /** Deletes the heuristic, its runs and (in records) its outputs. */
  delete: defineRequest('heuristics.heuristics.delete.v1', HeuristicRef, z.object({ deleted: z.literal(true) }), 30_000),
} as const;

export const HeuristicChangedEvent = z.object({
  projectId: EntityId,
  heuristicId: EntityId,
  change: z.enum(['created', 'updated', 'selected', 'deleted']),
});
export type HeuristicChangedEvent = z.infer<typeof HeuristicChangedEvent>;

export const HeuristicEvents = {
  changed: defineEvent('heuristics.heuristics.changed.v1', HeuristicChangedEvent),
} as const;
