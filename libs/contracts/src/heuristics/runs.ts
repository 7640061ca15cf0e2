import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from '../records/common.js';
import { HeuristicLanguage } from './common.js';

/**
 * `queued` → `running` → `succeeded` | `failed` | `cancelled`. A run that is not `succeeded`
 * leaves the heuristic's previous outputs in force.
 */
export const runStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const RunState = z.enum(runStates);
export type RunState = z.infer<typeof RunState>;

export const RunCounts = z.object({
  /** Records read from records. */
  records: z.number().int().nonnegative(),
  /** Records with at least one output. */
  hits: z.number().int().nonnegative(),
  abstained: z.number().int().nonnegative(),
  /** Records skipped because the code failed on them (named in the logs). */
  failed: z.number().int().nonnegative(),
  /** Records not reached (wall time, cancellation). */
  notRun: z.number().int().nonnegative(),
  /** Label associations written. */
  outputs: z.number().int().nonnegative(),
});
export type RunCounts = z.infer<typeof RunCounts>;

export const RunSummary = z.object({
  id: EntityId,
  heuristicId: EntityId,
  state: RunState,
  counts: RunCounts,
  /** Why the run failed or was cancelled. */
  error: z.string().nullable(),
  createdAt: IsoDate,
  startedAt: IsoDate.nullable(),
  finishedAt: IsoDate.nullable(),
  durationMs: z.number().nonnegative().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const Run = RunSummary.extend({
  taskId: EntityId,
  /** null for active learners */
  language: HeuristicLanguage.nullable(),
  /** The code (an active learner's configuration) as it was when the run was asked for. */
  code: z.string(),
  createdBy: z.string(),
  /** `print` / `console.log` output and skipped-record messages, bounded. */
  logs: z.array(z.string()),
});
export type Run = z.infer<typeof Run>;

const RunRef = z.object({ runId: EntityId });

export const RunSubjects = {
  /**
   * Runs a selection of heuristics on every record (one run each). A heuristic that is already
   * running gets its new run queued behind it; an older queued one is cancelled (superseded).
   */
  start: defineRequest(
    'heuristics.runs.start.v1',
    z.object({ heuristicIds: z.array(EntityId).min(1).max(200) }),
    z.object({ runs: z.array(RunSummary) }),
    15_000,
  ),
  /** Runs of one heuristic, newest first. */
  list: defineRequest(
    'heuristics.runs.list.v1',
    z.object({ heuristicId: EntityId, limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ runs: z.array(RunSummary) }),
  ),
  get: defineRequest('heuristics.runs.get.v1', RunRef, Run),
  /** Cancels a queued or running run; a finished run answers CONFLICT. */
  cancel: defineRequest('heuristics.runs.cancel.v1', RunRef, RunSummary),
} as const;

export const RunProgressEvent = z.object({
  projectId: EntityId,
  runId: EntityId,
  heuristicId: EntityId,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type RunProgressEvent = z.infer<typeof RunProgressEvent>;

export const RunFinishedEvent = z.object({
  projectId: EntityId,
  run: RunSummary,
});
export type RunFinishedEvent = z.infer<typeof RunFinishedEvent>;

export const RunEvents = {
  progress: defineEvent('heuristics.runs.progress.v1', RunProgressEvent),
  /** A run ended (succeeded, failed or cancelled); after `succeeded` its outputs are in records. */
  finished: defineEvent('heuristics.runs.finished.v1', RunFinishedEvent),
} as const;
