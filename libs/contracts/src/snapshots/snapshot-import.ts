import { z } from 'zod';
import { defineRequest } from '../message.js';
import { BulkSource } from '../records/associations.js';
import { DataType } from '../records/attributes.js';
import { DisplayName, EntityId } from '../records/common.js';
import { RecordData } from '../records/records.js';
import { LabelColor } from '../records/tasks.js';

/**
 * The records side of a whole-project import (refinery snapshots, later project snapshots):
 * `begin` creates the project with its schema and tasks and opens one records generation plus
 * one generation per bulk source; `records-page`s (records with their labels) fill them (invisible);
 * `commit` flips them all in; `abort` removes the project again. The envelope's `projectId`
 * names the project from `begin` on.
 */
const ImportSource = z.object({ source: BulkSource, sourceId: EntityId });
export type ImportSource = z.infer<typeof ImportSource>;

export const SnapshotImportBegin = z.object({
  name: DisplayName,
  description: z.string().max(10_000).default(''),
  attributes: z
    .array(z.object({ name: z.string().min(1).max(200), dataType: DataType, isPrimaryKey: z.boolean() }))
    .min(1)
    .max(500),
  tasks: z
    .array(
      z.object({
        name: DisplayName,
        kind: z.enum(['CLASSIFICATION', 'MULTI_LABEL_CLASSIFICATION', 'EXTRACTION']),
        /** Attribute name; null for a whole-record task. */
        attribute: z.string().min(1).nullable(),
        labels: z.array(z.object({ name: DisplayName, color: LabelColor.optional() })).max(500),
      }),
    )
    .max(200),
  /** Bulk sources (heuristics, weak supervision) whose outputs the pages will carry. */
  sources: z.array(ImportSource).max(1_000),
});
export type SnapshotImportBegin = z.infer<typeof SnapshotImportBegin>;

export const SnapshotImportBeginReply = z.object({
  projectId: EntityId,
  generation: z.number().int().positive(),
  tasks: z.array(z.object({ id: EntityId, name: z.string(), labels: z.array(z.object({ id: EntityId, name: z.string() })) })),
  sources: z.array(ImportSource.extend({ generation: z.number().int().positive() })),
});
export type SnapshotImportBeginReply = z.infer<typeof SnapshotImportBeginReply>;

/** One label of a record in a records page (the record is the one it travels with). */
export const SnapshotImportLabel = z.object({
  taskId: EntityId,
  labelId: EntityId,
  source: z.enum(['MANUAL', 'HEURISTIC', 'WEAK_SUPERVISION']),
  /** Heuristic / weak-supervision source id (one of `begin`'s sources); null for MANUAL. */
  sourceId: EntityId.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  /** Extraction only: character range [start, end) of the task's attribute text. */
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().positive().optional(),
});
export type SnapshotImportLabel = z.infer<typeof SnapshotImportLabel>;

export const SnapshotImportRow = z.object({ data: RecordData, labels: z.array(SnapshotImportLabel).max(5_000).default([]) });
export type SnapshotImportRow = z.infer<typeof SnapshotImportRow>;

export const SnapshotImportCounts = z.object({
  records: z.number().int().nonnegative(),
  manual: z.number().int().nonnegative(),
  heuristic: z.number().int().nonnegative(),
  weakSupervision: z.number().int().nonnegative(),
});
export type SnapshotImportCounts = z.infer<typeof SnapshotImportCounts>;

export const SnapshotImportSubjects = {
  begin: defineRequest('records.snapshot-import.begin.v1', SnapshotImportBegin, SnapshotImportBeginReply, 30_000),
  /**
   * Records in source order with their labels (MANUAL ones become the actor's); `offset` is the
   * index of the first one (gives their order). Label summaries are computed before the insert,
   * so the commit has no per-record updates to make.
   */
  recordsPage: defineRequest(
    'records.snapshot-import.records-page.v1',
    z.object({
      generation: z.number().int().positive(),
      offset: z.number().int().nonnegative(),
      records: z.array(SnapshotImportRow).min(1).max(1_000),
    }),
    z.object({ recordIds: z.array(EntityId) }),
    30_000,
  ),
  commit: defineRequest(
    'records.snapshot-import.commit.v1',
    z.object({ generation: z.number().int().positive(), sources: z.array(ImportSource.extend({ generation: z.number().int().positive() })).max(1_000) }),
    SnapshotImportCounts,
    120_000,
  ),
  abort: defineRequest('records.snapshot-import.abort.v1', z.object({}), z.object({ removed: z.literal(true) }), 60_000),
} as const;
