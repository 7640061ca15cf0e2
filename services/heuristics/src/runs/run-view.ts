import type { Run, RunCounts, RunSummary } from '@refinery/contracts';
import type { RunDoc } from './run.schema.js';

export const NO_COUNTS: RunCounts = { records: 0, hits: 0, abstained: 0, failed: 0, notRun: 0, outputs: 0 };

export function runSummary(doc: RunDoc): RunSummary {
  return {
    id: doc._id,
    heuristicId: doc.heuristicId,
    state: doc.state,
    counts: { ...NO_COUNTS, ...doc.counts },
    error: doc.error,
    createdAt: doc.createdAt.toISOString(),
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    durationMs: doc.durationMs,
  };
}

export function runView(doc: RunDoc): Run {
  return { ...runSummary(doc), taskId: doc.taskId, language: doc.language, code: doc.code, createdBy: doc.createdBy, logs: doc.logs };
}
