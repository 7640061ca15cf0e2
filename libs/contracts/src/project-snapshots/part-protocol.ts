import { z } from 'zod';
import { defineRequest, type RequestContract } from '../message.js';
import { EntityId } from '../records/common.js';

/**
 * The part-provider protocol of project snapshots. The export service orchestrates; each owning
 * service exports and imports its own part over two subjects, `<owner>.project-snapshot.export.v1`
 * and `<owner>.project-snapshot.import.v1`. A part is a sequence of collections; the archive holds
 * one JSONL file per collection (`<part>/<collection>.jsonl`), in the order the part sent them.
 */

/** Collection names become file names: lower-case, dashes. */
export const SnapshotCollectionName = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

/** Lines per page in either direction; the sender also keeps a page under ~450 KB of JSON. */
export const MAX_SNAPSHOT_PAGE_LINES = 5_000;

/** Bounds of a page both sides keep to (NATS messages stay below the 1 MiB default). */
export const SNAPSHOT_PAGE_BYTES = 450_000;

/**
 * One export page: lines of ONE collection. `cursor` (opaque, the provider's) asks for the next
 * page; null means the part is complete. A collection's pages come one after the other (the
 * archive streams one file at a time); an empty page still declares its collection.
 */
export const SnapshotPartExportRequest = z.object({
  cursor: z.string().max(4_000).nullable(),
  /** Heavy optional content (embedding vectors). */
  includeVectors: z.boolean().default(false),
});
export type SnapshotPartExportRequest = z.infer<typeof SnapshotPartExportRequest>;

export const SnapshotPartExportPage = z.object({
  collection: SnapshotCollectionName,
  lines: z.array(z.unknown()).max(MAX_SNAPSHOT_PAGE_LINES),
  cursor: z.string().max(4_000).nullable(),
});
export type SnapshotPartExportPage = z.infer<typeof SnapshotPartExportPage>;

const ImportId = z.string().min(1).max(128);
/** The import's id salt (see snapshotId): every old id of the archive maps through it. */
const Salt = z.string().min(16).max(128);

/**
 * The import conversation of one part, always in this order: `begin`, `page`s (collections in
 * archive order, lines in file order), `commit`; `abort` (any time after `begin`, also after
 * `commit`) removes everything this import wrote in the part. The part that creates the project
 * (records) gets `begin` without a project id and answers with it; the others get the project
 * id in the envelope. A bad line is VALIDATION_FAILED naming `<collection> line <n>` and the field.
 */
export const SnapshotPartImportRequest = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('begin'),
    importId: ImportId,
    salt: Salt,
    /** The new project's name (the records part creates the project). */
    projectName: z.string().trim().min(1).max(200),
    /** The archive's format version, for parts that read older layouts. */
    formatVersion: z.number().int().positive(),
  }),
  z.object({
    step: z.literal('page'),
    importId: ImportId,
    salt: Salt,
    collection: SnapshotCollectionName,
    /** 1-based line number (in its file) of the first line. */
    line: z.number().int().positive(),
    lines: z.array(z.unknown()).min(1).max(MAX_SNAPSHOT_PAGE_LINES),
  }),
  z.object({ step: z.literal('commit'), importId: ImportId, salt: Salt }),
  z.object({ step: z.literal('abort'), importId: ImportId }),
]);
export type SnapshotPartImportRequest = z.infer<typeof SnapshotPartImportRequest>;

export const SnapshotPartImportReply = z.object({
  /** `begin` of the part that creates the project: the new project's id. */
  projectId: EntityId.nullable().default(null),
  /** `commit`: what the part holds now (per collection, free-form counts). */
  counts: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
export type SnapshotPartImportReply = z.infer<typeof SnapshotPartImportReply>;

export interface SnapshotPartSubjects {
  readonly export: RequestContract<typeof SnapshotPartExportRequest, typeof SnapshotPartExportPage>;
  readonly import: RequestContract<typeof SnapshotPartImportRequest, typeof SnapshotPartImportReply>;
}

/** The two subjects of a part owned by `owner`. */
export function snapshotPartSubjects(owner: string): SnapshotPartSubjects {
  return {
    export: defineRequest(`${owner}.project-snapshot.export.v1`, SnapshotPartExportRequest, SnapshotPartExportPage, 60_000),
    // A commit flips generations and reloads a project: generous.
    import: defineRequest(`${owner}.project-snapshot.import.v1`, SnapshotPartImportRequest, SnapshotPartImportReply, 120_000),
  };
}

/** The subjects of every part provider (the export service's part list says which it calls, in which order). */
export const ProjectSnapshotPartSubjects = {
  records: snapshotPartSubjects('records'),
  heuristics: snapshotPartSubjects('heuristics'),
  embeddings: snapshotPartSubjects('embeddings'),
} as const;
