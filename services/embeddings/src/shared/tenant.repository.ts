import type { Model } from 'mongoose';
import type { ProjectId } from './project-scope.js';

export interface TenantDocument {
  _id: string;
  projectId: string;
}

/** A filter without the scope: the base class adds `projectId` itself. */
export type Unscoped = Record<string, unknown> & { projectId?: never };

/** Base of every repository: every helper takes the checked project id first. */
export abstract class TenantRepository<T extends TenantDocument> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scoped(projectId: ProjectId, filter: Unscoped = {}): Record<string, unknown> {
    return { ...filter, projectId };
  }

  async findById(projectId: ProjectId, id: string): Promise<T | null> {
    return this.model.findOne(this.scoped(projectId, { _id: id })).lean<T>();
  }

  /** Removes everything of a project (project deletion). */
  async purge(projectId: ProjectId): Promise<number> {
    return (await this.model.deleteMany(this.scoped(projectId))).deletedCount;
  }
}

/** Mongo's duplicate-key error: an insert-once document that already exists. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
