import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId } from '../records/common.js';

/** The refinery sample projects shipped as snapshots (`<id with _>.zip` in the samples folder). */
export const refinerySampleIds = [
  'clickbait-initial',
  'clickbait',
  'ag-news-initial',
  'ag-news',
  'conversational-ai-initial',
  'conversational-ai',
] as const;
export const RefinerySampleId = z.enum(refinerySampleIds);
export type RefinerySampleId = z.infer<typeof RefinerySampleId>;

export const RefineryImportCounts = z.object({
  attributes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  tasks: z.number().int().nonnegative(),
  labels: z.number().int().nonnegative(),
  manualLabels: z.number().int().nonnegative(),
  manualSpans: z.number().int().nonnegative(),
  heuristicOutputs: z.number().int().nonnegative(),
  weakSupervisionLabels: z.number().int().nonnegative(),
  /** Snapshot associations left out: span not inside the text, or its record/task missing. */
  skippedAssociations: z.number().int().nonnegative(),
});
export type RefineryImportCounts = z.infer<typeof RefineryImportCounts>;

export const RefineryImportResult = z.object({
  jobId: z.string(),
  projectId: EntityId,
  counts: RefineryImportCounts,
  durationMs: z.number().nonnegative(),
});
export type RefineryImportResult = z.infer<typeof RefineryImportResult>;

export const RefineryImportProgress = z.object({
  jobId: z.string(),
  projectId: EntityId.nullable(),
  phase: z.enum(['parsing', 'project', 'records', 'committing', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type RefineryImportProgress = z.infer<typeof RefineryImportProgress>;

export const ExportSnapshotSubjects = {
  /**
   * Imports a refinery sample snapshot as a new project of the actor's organization and answers
   * when the import job is done (records, tasks, manual labels and spans, heuristic outputs,
   * weak-supervision results; heuristic code, lookup lists and embeddings are not imported yet).
   */
  importRefinery: defineRequest(
    'export.snapshots.import-refinery.v1',
    z.object({ sampleId: RefinerySampleId, name: DisplayName.optional() }),
    RefineryImportResult,
    10 * 60_000,
  ),
} as const;

export const ExportSnapshotEvents = {
  importProgress: defineEvent('export.snapshots.import-progress.v1', RefineryImportProgress),
} as const;
