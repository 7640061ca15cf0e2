import { z } from 'zod';
import { ErrorBody } from '../envelope.js';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from '../records/common.js';
import { LabelModelName } from './label-models.js';

export const wsRunStates = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export const WsRunState = z.enum(wsRunStates);
export type WsRunState = z.infer<typeof WsRunState>;

/** Progress phases; the quality report and the statistics are computed while the labels are written. */
export const wsRunPhases = ['reading', 'fitting', 'writing', 'statistics'] as const;
export const WsRunPhase = z.enum(wsRunPhases);
export type WsRunPhase = z.infer<typeof WsRunPhase>;

export const WsRunParameters = z.object({
  taskId: EntityId,
  model: LabelModelName,
  /** The heuristics (association sourceIds) combined; null = every heuristic with outputs on the task. */
  heuristicIds: z.array(EntityId).nullable(),
  /** Heuristics whose support excludes every reference record (active learners train on them). */
  activeLearnerSourceIds: z.array(EntityId),
  /** Single-label tasks: also label records no heuristic fires on (with the class prior); refinery labels covered records only. */
  includeUncovered: z.boolean(),
});
export type WsRunParameters = z.infer<typeof WsRunParameters>;

export const WsRunSummary = z.object({
  records: z.number().int().nonnegative(),
  /** Records with at least one vote of the chosen heuristics. */
  covered: z.number().int().nonnegative(),
  /** Weak-supervision labels written. */
  written: z.number().int().nonnegative(),
  referenceRecords: z.number().int().nonnegative(),
  /** The heuristics that had outputs on the task (sourceIds). */
  heuristicIds: z.array(EntityId),
  /** Written labels per label id. */
  distribution: z.record(z.string(), z.number().int().nonnegative()),
  meanConfidence: z.number().min(0).max(1),
  /** `label-model` (the chosen model) or `multi-label-noisy-or` (multi-label tasks). */
  aggregator: z.string(),
  durationMs: z.number().nonnegative(),
  /** Wall time per phase (reading the matrix, fitting, writing, …). */
  phasesMs: z.record(z.string(), z.number().nonnegative()),
});
export type WsRunSummary = z.infer<typeof WsRunSummary>;

const HeldOut = z.object({ name: z.string(), correct: z.number().int().nonnegative(), accuracy: z.number().min(0).max(1) });

/** Cross-validated accuracy over the reference labels: the run's model next to majority vote. */
export const WsQualityReport = z.object({
  folds: z.number().int().min(2),
  evaluated: z.number().int().nonnegative(),
  /** Evaluated records with at least one vote (the rest get the class prior). */
  covered: z.number().int().nonnegative(),
  model: HeldOut,
  majorityVote: HeldOut,
});
export type WsQualityReport = z.infer<typeof WsQualityReport>;

export const WeakSupervisionRun = z.object({
  id: EntityId,
  taskId: EntityId,
  state: WsRunState,
  parameters: WsRunParameters,
  createdBy: z.string(),
  createdAt: IsoDate,
  startedAt: IsoDate.nullable(),
  finishedAt: IsoDate.nullable(),
  summary: WsRunSummary.nullable(),
  /** Null while running, for multi-label tasks and with fewer than two reference labels. */
  quality: WsQualityReport.nullable(),
  error: ErrorBody.nullable(),
});
export type WeakSupervisionRun = z.infer<typeof WeakSupervisionRun>;

export const WeakSupervisionRunSubjects = {
  /**
   * Starts a run as a job (owner/engineer): combines the chosen heuristics' outputs with the
   * label model (default: the library default) and replaces the task's WEAK_SUPERVISION labels.
   * Answers at once with the QUEUED run; progress and completion are events.
   */
  start: defineRequest(
    'weak-supervision.runs.start.v1',
    z.object({
      taskId: EntityId,
      model: LabelModelName.optional(),
      heuristicIds: z.array(EntityId).min(1).max(500).optional(),
      /** Omitted: the set stored with the task's statistics (see statistics.recompute). */
      activeLearnerSourceIds: z.array(EntityId).max(500).optional(),
      includeUncovered: z.boolean().default(false),
    }),
    WeakSupervisionRun,
  ),
  get: defineRequest('weak-supervision.runs.get.v1', z.object({ runId: EntityId }), WeakSupervisionRun),
  /** Newest first. */
  list: defineRequest(
    'weak-supervision.runs.list.v1',
    z.object({ taskId: EntityId.optional(), limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ runs: z.array(WeakSupervisionRun) }),
  ),
} as const;

export const WsRunProgressEvent = z.object({
  projectId: EntityId,
  runId: EntityId,
  taskId: EntityId,
  phase: WsRunPhase,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type WsRunProgressEvent = z.infer<typeof WsRunProgressEvent>;

export const WsRunFinishedEvent = z.object({
  projectId: EntityId,
  runId: EntityId,
  taskId: EntityId,
  state: z.enum(['COMPLETED', 'FAILED']),
  summary: WsRunSummary.nullable(),
  error: ErrorBody.nullable(),
});
export type WsRunFinishedEvent = z.infer<typeof WsRunFinishedEvent>;

export const WeakSupervisionRunEvents = {
  progress: defineEvent('weak-supervision.runs.progress.v1', WsRunProgressEvent),
  /** A run completed (its labels are committed) or failed (the previous labels stay). */
  finished: defineEvent('weak-supervision.runs.finished.v1', WsRunFinishedEvent),
} as const;
