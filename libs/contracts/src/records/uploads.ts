import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { ColumnName, DataType } from './attributes.js';
import { EntityId, IsoDate } from './common.js';

export const UploadFormat = z.enum(['CSV', 'JSON', 'JSONL', 'XLSX']);
export type UploadFormat = z.infer<typeof UploadFormat>;

/** Largest decoded chunk. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;

export const UploadOptions = z.object({
  /** Skip bad rows and report them instead of rejecting the whole upload. */
  lenient: z.boolean().default(false),
  /** CSV only; detected when absent. */
  delimiter: z.string().length(1).optional(),
  /** XLSX only; the first sheet when absent. */
  sheet: z.string().min(1).optional(),
  /** Overrides the inferred type of these columns. */
  dataTypes: z.record(ColumnName, DataType).optional(),
  /** Primary-key columns (composite allowed); a `running_id` is added when none is given or found. */
  primaryKey: z.array(ColumnName).max(10).optional(),
});
export type UploadOptions = z.infer<typeof UploadOptions>;

export const UploadProblem = z.object({
  row: z.number().int().optional(),
  column: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type UploadProblem = z.infer<typeof UploadProblem>;

export const UploadState = z.enum(['RECEIVING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED']);
export type UploadState = z.infer<typeof UploadState>;

export const UploadResult = z.object({
  generation: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Lenient mode: the rows left out (at most 1,000 listed) and how many there were. */
  skipped: z.array(UploadProblem),
  skippedCount: z.number().int(),
  labelsImported: z.number().int(),
});
export type UploadResult = z.infer<typeof UploadResult>;

export const Upload = z.object({
  id: EntityId,
  format: UploadFormat,
  options: UploadOptions,
  state: UploadState,
  receivedBytes: z.number().int(),
  chunks: z.number().int(),
  result: UploadResult.nullable(),
  problems: z.array(UploadProblem),
  createdAt: IsoDate,
});
export type Upload = z.infer<typeof Upload>;

export const UploadSubjects = {
  start: defineRequest(
    'records.uploads.start.v1',
    z.object({ format: UploadFormat, options: UploadOptions.default({ lenient: false }) }),
    z.object({ uploadId: EntityId, maxChunkBytes: z.number().int() }),
  ),
  /** Chunks arrive in order (seq 0, 1, ...); re-sending the last one is harmless. Base64. */
  chunk: defineRequest(
    'records.uploads.chunk.v1',
    z.object({
      uploadId: EntityId,
      seq: z.number().int().nonnegative(),
      data: z.base64().max(Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4, 'chunk larger than 512 KiB').min(1),
    }),
    z.object({ receivedBytes: z.number().int(), nextSeq: z.number().int() }),
  ),
  /** Ends the upload and enqueues the import job. */
  commit: defineRequest('records.uploads.commit.v1', z.object({ uploadId: EntityId }), Upload),
  get: defineRequest('records.uploads.get.v1', z.object({ uploadId: EntityId }), Upload),
} as const;

export const UploadProgressEvent = z.object({
  projectId: EntityId,
  uploadId: EntityId,
  phase: z.enum(['inferring', 'writing', 'copying', 'committing']),
  rows: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
});
export const UploadCompletedEvent = z.object({ projectId: EntityId, uploadId: EntityId, result: UploadResult });
export const UploadFailedEvent = z.object({
  projectId: EntityId,
  uploadId: EntityId,
  message: z.string(),
  problems: z.array(UploadProblem),
});

export const UploadEvents = {
  progress: defineEvent('records.uploads.progress.v1', UploadProgressEvent),
  completed: defineEvent('records.uploads.completed.v1', UploadCompletedEvent),
  failed: defineEvent('records.uploads.failed.v1', UploadFailedEvent),
} as const;
