import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId, RecordData } from '../records/index.js';
import { HeuristicCode, HeuristicLanguage } from './common.js';

/** Code to try: a stored heuristic, or code typed in the editor for a task. */
const CodeSource = z.union([
  z.object({ heuristicId: EntityId }).strict(),
  z.object({ code: HeuristicCode, language: HeuristicLanguage, taskId: EntityId }).strict(),
]);

export const PreviewSpan = z.object({ label: z.string(), start: z.number().int(), end: z.number().int(), text: z.string() });

export const PreviewRecord = z.object({
  recordId: EntityId,
  data: RecordData,
  /** Label names (classification: at most one); empty = abstained or failed. */
  labels: z.array(z.string()),
  /** Extraction only: character ranges [start, end). */
  spans: z.array(PreviewSpan),
  /** Why the code failed on this record, or why an output is not usable (unknown label). */
  error: z.string().nullable(),
});
export type PreviewRecord = z.infer<typeof PreviewRecord>;

export const PreviewResult = z.object({
  /** Set when the code could not run at all (syntax, unknown import, no function, …). */
  codeError: z.string().nullable(),
  records: z.array(PreviewRecord),
  logs: z.array(z.string()),
  durationMs: z.number().nonnegative(),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

export const PreviewSubjects = {
  /** "Run on N": N random records (default 10; `seed` makes the sample repeatable); nothing is stored. */
  runOnSample: defineRequest(
    'heuristics.preview.run-on-sample.v1',
    z.object({ source: CodeSource, n: z.number().int().min(1).max(100).default(10), seed: z.number().int().nonnegative().optional() }),
    PreviewResult,
    30_000,
  ),
  /** The record IDE: the code on one record, with its output; nothing is stored. */
  runOnRecord: defineRequest(
    'heuristics.preview.run-on-record.v1',
    z.object({ source: CodeSource, recordId: EntityId }),
    PreviewResult,
    30_000,
  ),
} as const;
