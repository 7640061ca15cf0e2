import { z } from 'zod';
import { defineRequest } from '../message.js';
import { DataType } from '../records/attributes.js';
import { EntityId, IsoDate } from '../records/common.js';
import { RecordValue } from '../records/values.js';
import { TaskKind } from '../records/tasks.js';
import { RecordExportRows, RecordExportTask } from './record-exports.js';

/**
 * One label of a row, compact (100k rows travel per export): `[labelIndex, confidence]` for
 * classification (confidence null for manual labels), `[labelIndex, confidence, start, end]` for an
 * extraction span over the tokens `[start, end)` of the task's attribute. `labelIndex` points into
 * the task's `labels` of the open reply (names as they were at open time).
 */
export const ExportSourceItem = z.tuple([z.number().int().nonnegative(), z.number().nullable()]).rest(z.number().int().nonnegative());
export type ExportSourceItem = z.infer<typeof ExportSourceItem>;

/**
 * A row's labels for one task; absent lists are empty. `m`: the valid reference labels (refinery's
 * MANUAL); `w`: weak supervision; `h`: per chosen heuristic, in the order of the task's `heuristicIds`.
 */
export const ExportSourceTaskCells = z.object({
  m: z.array(ExportSourceItem).optional(),
  w: z.array(ExportSourceItem).optional(),
  h: z.array(z.array(ExportSourceItem).nullable()).optional(),
});
export type ExportSourceTaskCells = z.infer<typeof ExportSourceTaskCells>;

/**
 * One frozen row, positional: `d` the values of the open reply's `attributes`, `k` the token texts
 * of its `tokenAttributes`, `t` the cells of its `tasks` (null: no label of that task).
 */
export const ExportSourceRow = z.object({
  d: z.array(RecordValue),
  k: z.array(z.array(z.string())).optional(),
  t: z.array(ExportSourceTaskCells.nullable()),
});
export type ExportSourceRow = z.infer<typeof ExportSourceRow>;

export const ExportSourceTask = z.object({
  id: EntityId,
  name: z.string(),
  kind: TaskKind,
  /** The target attribute's name; null = the whole record. */
  attributeName: z.string().nullable(),
  heuristicIds: z.array(EntityId),
  /** Label names; items refer to them by index. */
  labels: z.array(z.string()),
});
export type ExportSourceTask = z.infer<typeof ExportSourceTask>;

export const ExportSourceOpened = z.object({
  cursorId: z.string(),
  /** Rows frozen in the cursor. */
  total: z.number().int().nonnegative(),
  /** The cursor is dropped after this long without a page request. */
  idleTimeoutMs: z.number().int().positive(),
  openedAt: IsoDate,
  attributes: z.array(z.object({ name: z.string(), dataType: DataType })),
  tasks: z.array(ExportSourceTask),
  /** The TEXT attributes whose token texts rows carry (those an exported extraction task targets). */
  tokenAttributes: z.array(z.string()),
});
export type ExportSourceOpened = z.infer<typeof ExportSourceOpened>;

export const MAX_EXPORT_SOURCE_PAGE = 2_000;

/**
 * The records side of a record export (asked by the export service): `open` freezes the rows and
 * the labels they carry at one moment (later edits do not show), `page`s read the frozen rows by
 * offset (bounded in rows and bytes), `close` drops the cursor (idle cursors expire).
 */
export const ExportSourceSubjects = {
  open: defineRequest(
    'records.export-source.open.v1',
    z.object({
      rows: RecordExportRows,
      /** Attribute names; null = every attribute in schema order. */
      attributes: z.array(z.string().min(1)).min(1).max(500).nullable(),
      /** null = every task without heuristics. */
      tasks: z.array(RecordExportTask).max(200).nullable(),
    }),
    ExportSourceOpened,
    60_000,
  ),
  page: defineRequest(
    'records.export-source.page.v1',
    z.object({ cursorId: z.string().min(1).max(200), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(MAX_EXPORT_SOURCE_PAGE) }),
    /** `nextOffset` null: the last page. A page stops early at ~600 KB of JSON. */
    z.object({ rows: z.array(ExportSourceRow), nextOffset: z.number().int().nonnegative().nullable() }),
    30_000,
  ),
  close: defineRequest('records.export-source.close.v1', z.object({ cursorId: z.string().min(1).max(200) }), z.object({ closed: z.boolean() })),
} as const;
