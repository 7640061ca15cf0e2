import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from '../records/common.js';
import { TaskKind } from '../records/tasks.js';

/**
 * Statistics of one heuristic (label-association `sourceId`) for one label of a task. Counts are
 * records (classification) or spans / tokens (extraction, see the service README).
 */
export const HeuristicLabelStatistics = z.object({
  sourceId: EntityId,
  labelId: EntityId,
  /** Records where the heuristic gives this label. */
  coverage: z.number().int().nonnegative(),
  /** Outputs with this label. */
  hits: z.number().int().nonnegative(),
  /** Covered records where another heuristic also fires. */
  overlaps: z.number().int().nonnegative(),
  /** Covered records where another heuristic gives a different label (≤ overlaps). */
  conflicts: z.number().int().nonnegative(),
  truePositives: z.number().int().nonnegative(),
  falsePositives: z.number().int().nonnegative(),
  falseNegatives: z.number().int().nonnegative(),
  /** Reference (valid manual) labels behind the precision: TP + FP. */
  support: z.number().int().nonnegative(),
  /** TP / support; null without support. */
  precision: z.number().min(0).max(1).nullable(),
  /** Beta-posterior precision (prior: the pooled precision of all heuristics, 0.8 without any reference). */
  estimatedPrecision: z.number().min(0).max(1),
  /** TP / (TP + FN); null without a reference of this label. */
  recall: z.number().min(0).max(1).nullable(),
});
export type HeuristicLabelStatistics = z.infer<typeof HeuristicLabelStatistics>;

export const wsStatisticsTriggers = ['requested', 'heuristics-changed', 'labels-changed', 'run'] as const;
export const WsStatisticsTrigger = z.enum(wsStatisticsTriggers);
export type WsStatisticsTrigger = z.infer<typeof WsStatisticsTrigger>;

export const TaskHeuristicStatistics = z.object({
  taskId: EntityId,
  kind: TaskKind,
  computedAt: IsoDate,
  trigger: WsStatisticsTrigger,
  /** Records of the project when computed. */
  records: z.number().int().nonnegative(),
  /** Records with a valid reference label of this task. */
  referenceRecords: z.number().int().nonnegative(),
  /** Heuristics whose support excludes every reference record (active learners train on them). */
  activeLearnerSourceIds: z.array(EntityId),
  heuristics: z.array(HeuristicLabelStatistics),
});
export type TaskHeuristicStatistics = z.infer<typeof TaskHeuristicStatistics>;

const ActiveLearners = z.array(EntityId).max(500);

export const WeakSupervisionStatisticsSubjects = {
  /** The latest statistics of a task; NOT_FOUND until they were computed once. */
  get: defineRequest('weak-supervision.statistics.get.v1', z.object({ taskId: EntityId }), TaskHeuristicStatistics),
  /** The latest statistics of every task of the project (the overview). */
  list: defineRequest('weak-supervision.statistics.list.v1', z.object({}).strict(), z.object({ tasks: z.array(TaskHeuristicStatistics) })),
  /**
   * Recomputes a task's statistics now and answers with them. `activeLearnerSourceIds` replaces
   * the stored set (kept for later automatic recomputes); omitted, the stored set stays.
   */
  recompute: defineRequest(
    'weak-supervision.statistics.recompute.v1',
    z.object({ taskId: EntityId, activeLearnerSourceIds: ActiveLearners.optional() }),
    TaskHeuristicStatistics,
    120_000,
  ),
} as const;

export const WsStatisticsUpdatedEvent = z.object({
  projectId: EntityId,
  taskId: EntityId,
  computedAt: IsoDate,
  trigger: WsStatisticsTrigger,
});
export type WsStatisticsUpdatedEvent = z.infer<typeof WsStatisticsUpdatedEvent>;

export const WeakSupervisionStatisticsEvents = {
  /** New statistics of a task are stored (after a run, heuristic outputs or manual labels changed, or on request). */
  updated: defineEvent('weak-supervision.statistics.updated.v1', WsStatisticsUpdatedEvent),
} as const;
