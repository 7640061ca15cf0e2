import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId, IsoDate } from './common.js';

export const Project = z.object({
  id: EntityId,
  orgId: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: IsoDate,
});
export type Project = z.infer<typeof Project>;

export const ProjectDetails = Project.extend({
  recordCount: z.number().int().nonnegative(),
  attributeCount: z.number().int().nonnegative(),
  taskCount: z.number().int().nonnegative(),
});
export type ProjectDetails = z.infer<typeof ProjectDetails>;

const Description = z.string().max(5_000);

/**
 * Projects belong to the actor's organization (`actor.orgId`). Requests on one project carry its
 * id in the envelope's `projectId`; another organization's project answers NOT_FOUND.
 */
export const ProjectSubjects = {
  /** Name unique per organization (CONFLICT otherwise). No envelope projectId. */
  create: defineRequest(
    'records.projects.create.v1',
    z.object({ name: DisplayName, description: Description.default('') }),
    Project,
  ),
  list: defineRequest('records.projects.list.v1', z.object({}).strict(), z.object({ projects: z.array(Project) })),
  get: defineRequest('records.projects.get.v1', z.object({}).strict(), ProjectDetails),
  rename: defineRequest('records.projects.rename.v1', z.object({ name: DisplayName }), Project),
  /** Sets the project's description. */
  describe: defineRequest('records.projects.describe.v1', z.object({ description: Description }), Project),
  /** Removes the project at once; its data is purged by a job and `deleted` is published. */
  delete: defineRequest('records.projects.delete.v1', z.object({}).strict(), z.object({ deleted: z.literal(true) })),
} as const;

export const ProjectDeletedEvent = z.object({
  projectId: EntityId,
  orgId: z.string(),
  deletedBy: z.string(),
});
export type ProjectDeletedEvent = z.infer<typeof ProjectDeletedEvent>;

/** Every service deletes its own data of the project when it sees this event. */
export const ProjectEvents = {
  deleted: defineEvent('records.projects.deleted.v1', ProjectDeletedEvent),
} as const;
