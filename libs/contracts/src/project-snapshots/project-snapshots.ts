import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId, IsoDate } from '../records/common.js';

/** A password protects the archive (AES-256-GCM, scrypt-derived key); at least 8 characters. */
export const SnapshotPassword = z.string().min(8).max(1_024);

/** Base64 bytes of one download/upload chunk: at most 512 KiB (≈ 700 KB of base64 per message). */
export const MAX_SNAPSHOT_CHUNK_BYTES = 512 * 1024;
const Base64Chunk = z.string().max(Math.ceil(MAX_SNAPSHOT_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** Lines per collection, per part: `{records: {records: 120, tasks: 2, …}, heuristics: {…}}`. */
export const SnapshotCounts = z.record(z.string(), z.record(z.string(), z.number().int().nonnegative()));
export type SnapshotCounts = z.infer<typeof SnapshotCounts>;

/** An optional part whose service did not answer: left out (export) or not imported (import). */
export const SkippedSnapshotPart = z.object({ part: z.string(), reason: z.string() });
export type SkippedSnapshotPart = z.infer<typeof SkippedSnapshotPart>;

export const SnapshotArchiveInfo = z.object({
  archiveId: EntityId,
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  encrypted: z.boolean(),
  /** `export`: written by an export job; `upload`: uploaded for an import. */
  origin: z.enum(['export', 'upload']),
  sourceProjectId: EntityId.nullable(),
  createdAt: IsoDate,
});
export type SnapshotArchiveInfo = z.infer<typeof SnapshotArchiveInfo>;

export const ProjectSnapshotExportResult = z.object({
  jobId: z.string(),
  archive: SnapshotArchiveInfo,
  counts: SnapshotCounts,
  skippedParts: z.array(SkippedSnapshotPart),
  durationMs: z.number().nonnegative(),
});
export type ProjectSnapshotExportResult = z.infer<typeof ProjectSnapshotExportResult>;

export const ProjectSnapshotImportResult = z.object({
  jobId: z.string(),
  projectId: EntityId,
  /** The import's id salt: an archive id `x` is `snapshotId(idSalt, x)` in the new project. */
  idSalt: z.string(),
  /** Lines read per part and collection. */
  counts: SnapshotCounts,
  skippedParts: z.array(SkippedSnapshotPart),
  durationMs: z.number().nonnegative(),
});
export type ProjectSnapshotImportResult = z.infer<typeof ProjectSnapshotImportResult>;

export const ProjectSnapshotProgress = z.object({
  jobId: z.string(),
  direction: z.enum(['export', 'import']),
  /** The exported project, or the imported one once it exists. */
  projectId: EntityId.nullable(),
  part: z.string().nullable(),
  collection: z.string().nullable(),
  /** Lines of the current part so far. */
  lines: z.number().int().nonnegative(),
  phase: z.enum(['started', 'part', 'committing', 'done']),
});
export type ProjectSnapshotProgress = z.infer<typeof ProjectSnapshotProgress>;

/** Both jobs answer when done; progress comes as `export.project-snapshots.progress.v1`. */
const JOB_TIMEOUT_MS = 30 * 60_000;

export const ProjectSnapshotSubjects = {
  /** Exports the envelope's project to one archive in the export service (GridFS). */
  export: defineRequest(
    'export.project-snapshots.export.v1',
    z.object({ includeVectors: z.boolean().default(false), password: SnapshotPassword.optional() }),
    ProjectSnapshotExportResult,
    JOB_TIMEOUT_MS,
  ),
  /** Imports an archive (exported or uploaded) as a new project of the actor's organization. */
  import: defineRequest(
    'export.project-snapshots.import.v1',
    z.object({ archiveId: EntityId, name: DisplayName.optional(), password: SnapshotPassword.optional() }),
    ProjectSnapshotImportResult,
    JOB_TIMEOUT_MS,
  ),
  get: defineRequest('export.project-snapshots.get.v1', z.object({ archiveId: EntityId }), SnapshotArchiveInfo),
  /** Bytes [offset, offset + length) of an archive, base64; `eof` when the end is reached. */
  download: defineRequest(
    'export.project-snapshots.download.v1',
    z.object({ archiveId: EntityId, offset: z.number().int().nonnegative(), length: z.number().int().positive().max(MAX_SNAPSHOT_CHUNK_BYTES).default(MAX_SNAPSHOT_CHUNK_BYTES) }),
    z.object({ data: z.string(), offset: z.number().int().nonnegative(), total: z.number().int().nonnegative(), eof: z.boolean() }),
    30_000,
  ),
  /**
   * Uploads an archive in chunks, in order: the first chunk (offset 0) has `uploadId: null` and
   * gets one; `final: true` on the last one stores the archive and answers its `archiveId`.
   */
  upload: defineRequest(
    'export.project-snapshots.upload.v1',
    z.object({ uploadId: EntityId.nullable(), offset: z.number().int().nonnegative(), data: Base64Chunk, final: z.boolean() }),
    z.object({ uploadId: EntityId, received: z.number().int().nonnegative(), archive: SnapshotArchiveInfo.nullable() }),
    60_000,
  ),
  delete: defineRequest('export.project-snapshots.delete.v1', z.object({ archiveId: EntityId }), z.object({ deleted: z.literal(true) })),
} as const;

export const ProjectSnapshotEvents = {
  progress: defineEvent('export.project-snapshots.progress.v1', ProjectSnapshotProgress),
} as const;
