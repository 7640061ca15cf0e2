import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from '../records/common.js';

export const recordExportFormats = ['JSON', 'JSONL', 'CSV', 'XLSX'] as const;
export const RecordExportFormat = z.enum(recordExportFormats);
export type RecordExportFormat = z.infer<typeof RecordExportFormat>;

/** Which records become rows: all (default order), a data slice (its order), a labeling session (its order). */
export const RecordExportRows = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ALL') }),
  z.object({ kind: z.literal('SLICE'), sliceId: EntityId }),
  z.object({ kind: z.literal('SESSION'), sessionId: EntityId }),
]);
export type RecordExportRows = z.infer<typeof RecordExportRows>;

/** One labeling task's columns: MANUAL, WEAK_SUPERVISION (+ confidence) and the chosen heuristics' outputs. */
export const RecordExportTask = z.object({
  taskId: EntityId,
  heuristicIds: z.array(EntityId).max(100).default([]),
});
export type RecordExportTask = z.infer<typeof RecordExportTask>;

export const RecordExportOptions = z
  .object({
    format: RecordExportFormat,
    /** The file inside a zip archive (fflate, deflate). */
    zip: z.boolean().default(false),
    rows: RecordExportRows.default({ kind: 'ALL' }),
    /** Attribute names, in the order wanted; absent = every attribute in schema order. */
    attributes: z.array(z.string().min(1)).min(1).max(500).optional(),
    /** Absent = every task, without heuristic columns; `[]` = no task columns. */
    tasks: z.array(RecordExportTask).max(200).optional(),
  })
  .strict()
  .refine((o) => !o.attributes || new Set(o.attributes).size === o.attributes.length, { message: 'attribute names must be distinct', path: ['attributes'] })
  .refine((o) => !o.tasks || new Set(o.tasks.map((t) => t.taskId)).size === o.tasks.length, { message: 'task ids must be distinct', path: ['tasks'] });
export type RecordExportOptions = z.infer<typeof RecordExportOptions>;

export const RecordExportState = z.enum(['QUEUED', 'RUNNING', 'DONE', 'FAILED']);
export type RecordExportState = z.infer<typeof RecordExportState>;

export const RecordExport = z.object({
  id: EntityId,
  projectId: EntityId,
  state: RecordExportState,
  options: RecordExportOptions,
  fileName: z.string(),
  contentType: z.string(),
  /** Bytes of the file as the user gets it, decoded (DONE). */
  size: z.number().int().nonnegative().nullable(),
  /** `gzip`: JSON, JSONL and CSV are stored and downloaded gzip-compressed (HTTP Content-Encoding); null: as is. */
  contentEncoding: z.enum(['gzip']).nullable(),
  /** Bytes stored and downloaded (DONE): what download offsets count. */
  storedSize: z.number().int().nonnegative().nullable(),
  /** Rows written so far / in the export. */
  rows: z.number().int().nonnegative(),
  /** Rows the export will have (known once the records are frozen). */
  total: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});
export type RecordExport = z.infer<typeof RecordExport>;

/** Largest download piece: its base64 stays well below NATS' 1 MiB message limit. */
export const MAX_DOWNLOAD_BYTES = 512 * 1024;

export const RecordExportDownload = z.object({
  exportId: EntityId,
  fileName: z.string(),
  contentType: z.string(),
  /** `gzip`: the bytes are the gzip stream of the file (send them with Content-Encoding: gzip). */
  contentEncoding: z.enum(['gzip']).nullable(),
  /** Stored bytes (offsets count these). */
  size: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** The bytes [offset, offset + length), base64. */
  data: z.string(),
  length: z.number().int().nonnegative(),
  /** True when this piece reaches the end of the file. */
  done: z.boolean(),
});
export type RecordExportDownload = z.infer<typeof RecordExportDownload>;

/** Record exports of a project (envelope `projectId`); the last finished one is kept per project. */
export const RecordExportSubjects = {
  /** Validates the options, freezes the rows and queues the `record-exports.prepare` job; answers at once (QUEUED). */
  prepare: defineRequest('export.record-exports.prepare.v1', RecordExportOptions, RecordExport, 60_000),
  /** The project's exports, newest first: the last finished one and any queued or running. */
  list: defineRequest('export.record-exports.list.v1', z.object({}).strict(), z.object({ exports: z.array(RecordExport) })),
  get: defineRequest('export.record-exports.get.v1', z.object({ exportId: EntityId }), RecordExport),
  /**
   * A piece of a finished export's file by byte offset (≤ 512 KiB): the gateway streams a download
   * by asking piece after piece, never holding the whole file.
   */
  download: defineRequest(
    'export.record-exports.download.v1',
    z.object({
      exportId: EntityId,
      offset: z.number().int().nonnegative().default(0),
      length: z.number().int().min(1).max(MAX_DOWNLOAD_BYTES).default(MAX_DOWNLOAD_BYTES),
    }),
    RecordExportDownload,
    30_000,
  ),
} as const;

export const RecordExportProgress = z.object({
  exportId: EntityId,
  projectId: EntityId,
  state: RecordExportState,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type RecordExportProgress = z.infer<typeof RecordExportProgress>;

export const RecordExportEvents = {
  progress: defineEvent('export.record-exports.progress.v1', RecordExportProgress),
} as const;
