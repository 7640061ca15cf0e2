import { z } from 'zod';
import { AssociationSource, CommentTarget, CommentVisibility, DataType, IsoDate, LabelColor, RecordData, SliceKind, taskKinds } from '@refinery/contracts';

/**
 * The lines of the records part of a project snapshot, one schema per collection (file
 * `records/<collection>.jsonl`). Ids are the source project's; the import maps each through
 * `snapshotId(salt, id)`. Collections come in this order (later ones refer to earlier ones).
 */
const Id = z.string().min(1).max(128);

export const ProjectLine = z.object({ name: z.string().min(1).max(200), description: z.string().max(10_000), createdAt: IsoDate });

export const AttributeLine = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  dataType: DataType,
  position: z.number().int().nonnegative(),
  isPrimaryKey: z.boolean(),
  visible: z.boolean(),
  origin: z.enum(['UPLOADED', 'COMPUTED']),
});

export const TaskLine = z.object({ id: Id, name: z.string().min(1).max(200), kind: z.enum(taskKinds), attributeId: Id.nullable(), createdAt: IsoDate });

export const LabelLine = z.object({
  id: Id,
  taskId: Id,
  name: z.string().min(1).max(200),
  color: LabelColor,
  hotkey: z.string().max(8).nullable(),
  position: z.number().int().nonnegative(),
});

/** One association of a record (the record is the line it travels in). */
export const AssociationLine = z.object({
  id: Id,
  taskId: Id,
  labelId: Id,
  source: AssociationSource,
  userId: z.string().max(200).nullable(),
  sourceId: Id.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().positive().nullable(),
  text: z.string().nullable(),
  createdAt: IsoDate,
});
export type AssociationLine = z.infer<typeof AssociationLine>;

/** A record with every association it carries (manual, gold, heuristic outputs, weak supervision). */
export const RecordLine = z.object({
  id: Id,
  seq: z.number().int().nonnegative(),
  key: z.string().min(1).max(2_000),
  data: RecordData,
  labels: z.array(AssociationLine).max(20_000),
});
export type RecordLine = z.infer<typeof RecordLine>;

export const SliceLine = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  kind: SliceKind,
  query: z.record(z.string(), z.unknown()),
  createdBy: z.string().min(1).max(200),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});

/** Members of a STATIC slice in order, in pieces (a slice may freeze 100,000 records). */
export const SliceMembersLine = z.object({ sliceId: Id, recordIds: z.array(Id).min(1).max(2_000) });

export const CommentLine = z.object({
  id: Id,
  targetType: CommentTarget,
  targetId: Id,
  authorId: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000),
  visibility: CommentVisibility,
  createdAt: IsoDate,
  updatedAt: IsoDate,
});

export const recordsPartCollections = ['project', 'attributes', 'tasks', 'labels', 'records', 'slices', 'slice-members', 'comments'] as const;
export type RecordsPartCollection = (typeof recordsPartCollections)[number];
