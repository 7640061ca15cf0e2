import type { z } from 'zod';
import {
  CalculationEvents,
  EmbeddingEvents,
  RunEvents,
  UploadEvents,
  WeakSupervisionRunEvents,
  type EventContract,
} from '@refinery/contracts';
import type { AuditRecord } from './audit-log.service.js';

/** What an outcome event adds to the audit log: the action, its target and details (no actor, no scope). */
export type EventAuditEntry = Pick<AuditRecord, 'action' | 'target' | 'details'>;

export interface AuditedEvent<C extends EventContract> {
  contract: C;
  /** null: this event is not an outcome worth an entry (e.g. a change the REST route audited already). */
  entry(payload: z.infer<C['payload']>): EventAuditEntry | null;
}

const audited = <C extends EventContract>(contract: C, entry: (payload: z.infer<C['payload']>) => EventAuditEntry | null): AuditedEvent<C> => ({ contract, entry });

/**
 * The outcomes of work a user started through the API (the REST route audited the start with
 * the same user): runs, calculations, uploads and embeddings that finished or failed. The services
 * publish these events with the starting user as actor, so the entry names who caused the change.
 */
export const auditedEvents: readonly AuditedEvent<EventContract>[] = [
  audited(RunEvents.finished, ({ run }) => ({
    action: `heuristic_run.${run.state}`,
    target: { type: 'heuristic', id: run.heuristicId },
    details: { runId: run.id, counts: run.counts, durationMs: run.durationMs, ...(run.error ? { error: run.error } : {}) },
  })),
  audited(CalculationEvents.finished, ({ run }) => ({
    action: `attribute_calculation_run.${run.state}`,
    target: { type: 'attribute_calculation', id: run.calculationId },
    details: { runId: run.id, counts: run.counts, durationMs: run.durationMs, ...(run.error ? { error: run.error } : {}) },
  })),
  audited(UploadEvents.completed, ({ uploadId, result }) => ({
    action: 'upload.completed',
    target: { type: 'upload', id: uploadId },
    details: { created: result.created, updated: result.updated, skipped: result.skippedCount, labelsImported: result.labelsImported, generation: result.generation },
  })),
  audited(UploadEvents.failed, ({ uploadId, message, problems }) => ({
    action: 'upload.failed',
    target: { type: 'upload', id: uploadId },
    details: { message, problems: problems.length },
  })),
  audited(WeakSupervisionRunEvents.finished, ({ runId, taskId, state, summary, error }) => ({
    action: `weak_supervision_run.${state.toLowerCase()}`,
    target: { type: 'task', id: taskId },
    details: { runId, ...(summary ? { records: summary.records, covered: summary.covered, written: summary.written, heuristicIds: summary.heuristicIds } : {}), ...(error ? { error: error.message } : {}) },
  })),
  audited(EmbeddingEvents.changed, ({ embeddingId, change }) =>
    change === 'finished' || change === 'failed' ? { action: `embedding.${change}`, target: { type: 'embedding', id: embeddingId } } : null,
  ),
] as readonly AuditedEvent<EventContract>[];
