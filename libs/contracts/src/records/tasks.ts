import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId } from './common.js';

export const taskKinds = ['CLASSIFICATION', 'MULTI_LABEL_CLASSIFICATION', 'EXTRACTION'] as const;
export const TaskKind = z.enum(taskKinds);
export type TaskKind = z.infer<typeof TaskKind>;

export const LabelColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f77b4');
/** One key (letter or digit), stored lower-case. */
export const Hotkey = z
  .string()
  .regex(/^[a-zA-Z0-9]$/, 'must be one letter or digit')
  .transform((k) => k.toLowerCase());

export const Label = z.object({
  id: EntityId,
  taskId: EntityId,
  name: z.string(),
  color: z.string(),
  hotkey: z.string().nullable(),
  position: z.number().int().nonnegative(),
});
export type Label = z.infer<typeof Label>;

export const LabelingTask = z.object({
  id: EntityId,
  name: z.string(),
  kind: TaskKind,
  /** The target attribute; null = the whole record. Extraction always targets one TEXT attribute. */
  attributeId: EntityId.nullable(),
  labels: z.array(Label),
});
export type LabelingTask = z.infer<typeof LabelingTask>;

export const NewLabel = z.object({ name: DisplayName, color: LabelColor.optional(), hotkey: Hotkey.optional() });

export const TaskSubjects = {
  /** Name unique per project; labels optional. */
  create: defineRequest(
    'records.tasks.create.v1',
    z.object({
      name: DisplayName,
      kind: TaskKind,
      attributeId: EntityId.nullable().default(null),
      labels: z.array(NewLabel).max(200).default([]),
    }),
    LabelingTask,
  ),
  list: defineRequest('records.tasks.list.v1', z.object({}).strict(), z.object({ tasks: z.array(LabelingTask) })),
  rename: defineRequest('records.tasks.rename.v1', z.object({ taskId: EntityId, name: DisplayName }), LabelingTask),
  /** Deletes the task, its labels and every association of it. */
  delete: defineRequest(
    'records.tasks.delete.v1',
    z.object({ taskId: EntityId }),
    z.object({ deletedLabels: z.number().int(), deletedAssociations: z.number().int() }),
    30_000,
  ),
} as const;

export const LabelSubjects = {
  /** Name and hotkey unique per task (CONFLICT otherwise). */
  create: defineRequest('records.labels.create.v1', NewLabel.extend({ taskId: EntityId }), Label),
  /** Rename / recolour / re-key; associations reference the id, so everything shows the new name. */
  update: defineRequest(
    'records.labels.update.v1',
    z.object({
      labelId: EntityId,
      name: DisplayName.optional(),
      color: LabelColor.optional(),
      hotkey: Hotkey.nullable().optional(),
    }),
    Label,
  ),
  /** Deletes the label and every association that uses it. */
  delete: defineRequest(
    'records.labels.delete.v1',
    z.object({ labelId: EntityId }),
    z.object({ deletedAssociations: z.number().int() }),
    30_000,
  ),
  /** `labelIds` must list every label of the task exactly once, in the new order. */
  reorder: defineRequest(
    'records.labels.reorder.v1',
    z.object({ taskId: EntityId, labelIds: z.array(EntityId).min(1).max(200) }),
    z.object({ labels: z.array(Label) }),
  ),
} as const;

export const TaskChangedEvent = z.object({
  projectId: EntityId,
  taskId: EntityId,
  change: z.enum(['created', 'renamed', 'deleted', 'labels-changed']),
});
export type TaskChangedEvent = z.infer<typeof TaskChangedEvent>;

export const TaskEvents = {
  /** A task or its label definitions changed (not label associations: see labels.changed). */
  changed: defineEvent('records.tasks.changed.v1', TaskChangedEvent),
} as const;
