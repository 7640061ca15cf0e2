import type { Model } from 'mongoose';
import type { ProjectId } from './project-id.js';

/** Every document of a service lives in one project. */
export interface TenantDocument {
  _id: string;
  projectId: string;
}

/** A filter without the scope: the base class adds `projectId` itself. */
export type Unscoped = Record<string, unknown> & { projectId?: never };

/**
 * Base of every repository (novu's tenant-scoped DAL): the model is private to the repository
 * and each helper takes the project id first, so a missing scope does not compile.
 */
export abstract class TenantRepository<T extends TenantDocument> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scoped(projectId: ProjectId, filter: Unscoped = {}): Record<string, unknown> {
    return { ...filter, projectId };
  }

  protected async findScoped(
    projectId: ProjectId,
    filter: Unscoped = {},
    sort: Record<string, 1 | -1> = { _id: 1 },
  ): Promise<T[]> {
    return this.model.find(this.scoped(projectId, filter)).sort(sort).lean<T[]>();
  }

  protected async findOneScoped(projectId: ProjectId, filter: Unscoped): Promise<T | null> {
    return this.model.findOne(this.scoped(projectId, filter)).lean<T>();
  }

  /**
   * By `_id` alone, the scope checked here: FerretDB pushes a filter down to SQL only when it is
   * exactly `{_id}`; with `projectId` added it reads and decodes the whole collection.
   */
  async findById(projectId: ProjectId, id: string): Promise<T | null> {
    const doc = await this.model.findOne({ _id: id }).lean<T>();
    return doc && doc.projectId === projectId ? doc : null;
  }

  async count(projectId: ProjectId, filter: Unscoped = {}): Promise<number> {
    return this.model.countDocuments(this.scoped(projectId, filter));
  }

  protected async deleteScoped(projectId: ProjectId, filter: Unscoped): Promise<number> {
    const res = await this.model.deleteMany(this.scoped(projectId, filter));
    return res.deletedCount;
  }

  /** Removes everything of a project (project deletion). */
  async purge(projectId: ProjectId): Promise<number> {
    return this.deleteScoped(projectId, {});
  }
}
