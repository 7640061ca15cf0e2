import type { Model } from 'mongoose';
import type { ProjectScope } from './project-scope.js';

/** Every document of the service lives in one project of one organization. */
export interface TenantDocument {
  _id: string;
  orgId: string;
  projectId: string;
}

/** A filter without the scope: the base class adds `orgId` and `projectId` itself. */
export type Unscoped = Record<string, unknown> & { projectId?: never; orgId?: never };

/**
 * Base of every repository: the model is private to it and each helper takes the checked scope
 * first, so a query without organization and project does not compile.
 */
export abstract class TenantRepository<T extends TenantDocument> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scoped(scope: ProjectScope, filter: Unscoped = {}): Record<string, unknown> {
    return { ...filter, orgId: scope.orgId, projectId: scope.projectId };
  }

  protected findScoped(scope: ProjectScope, filter: Unscoped = {}, sort: Record<string, 1 | -1> = { _id: 1 }, limit = 0): Promise<T[]> {
    const query = this.model.find(this.scoped(scope, filter)).sort(sort);
    return (limit > 0 ? query.limit(limit) : query).lean<T[]>();
  }

  /** By `_id` first (FerretDB answers `_id` lookups fast), then the scope is checked in memory. */
  async findById(scope: ProjectScope, id: string): Promise<T | null> {
    const doc = await this.model.findById(id).lean<T>();
    return doc && doc.projectId === scope.projectId && doc.orgId === scope.orgId ? doc : null;
  }

  /** Updates one document by `_id` (and scope); `guard` adds compare-and-set conditions. */
  protected async updateById(scope: ProjectScope, id: string, update: Record<string, unknown>, guard: Unscoped = {}): Promise<boolean> {
    const res = await this.model.updateOne(this.scoped(scope, { ...guard, _id: id }), update);
    return res.modifiedCount === 1;
  }

  protected async deleteScoped(scope: ProjectScope, filter: Unscoped): Promise<number> {
    return (await this.model.deleteMany(this.scoped(scope, filter))).deletedCount;
  }

  /** Removes everything of a project (project deletion); the project id alone identifies it. */
  async purge(projectId: string): Promise<number> {
    return (await this.model.deleteMany({ projectId })).deletedCount;
  }
}
