import { z } from 'zod';
import { defineRequest } from '../message.js';

/** The label models a run may use (implemented in `@refinery/label-model`; the service checks both lists agree). */
export const labelModelNames = ['refinery-plus', 'refinery-voting', 'majority-vote', 'dawid-skene'] as const;
export const LabelModelName = z.enum(labelModelNames);
export type LabelModelName = z.infer<typeof LabelModelName>;

export const LabelModelInfo = z.object({
  name: LabelModelName,
  description: z.string(),
  /** The model a run uses when none is chosen. */
  default: z.boolean(),
});
export type LabelModelInfo = z.infer<typeof LabelModelInfo>;

export const LabelModelSubjects = {
  /** The label models a run can use, the default marked. No envelope projectId needed. */
  list: defineRequest('weak-supervision.models.list.v1', z.object({}).strict(), z.object({ models: z.array(LabelModelInfo) })),
} as const;
