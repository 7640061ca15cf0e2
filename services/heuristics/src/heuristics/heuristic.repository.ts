import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { HeuristicSchema, type HeuristicDoc } from './heuristic.schema.js';

export type HeuristicChanges = Partial<Pick<HeuristicDoc, 'name' | 'description' | 'language' | 'code' | 'config' | 'taskId' | 'selected' | 'readOnlyReason'>>;

@Injectable()
export class HeuristicRepository extends TenantRepository<HeuristicDoc> {
  private indexes: Promise<unknown> | undefined;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<HeuristicDoc>('Heuristic', HeuristicSchema));
  }

  private ready(): Promise<unknown> {
    this.indexes ??= this.model.createIndexes().catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  list(scope: ProjectScope, taskId?: string): Promise<HeuristicDoc[]> {
    return this.findScoped(scope, taskId ? { taskId } : {}, { createdAt: 1, _id: 1 });
  }

  async insert(scope: ProjectScope, doc: Omit<HeuristicDoc, 'orgId' | 'projectId' | 'nameKey'>): Promise<void> {
    await this.ready();
    try {
      await this.model.create({ ...doc, orgId: scope.orgId, projectId: scope.projectId, nameKey: doc.name.toLowerCase() });
    } catch (error) {
      throw conflictOr(error, doc.name);
    }
  }

  /** The project of the heuristic with this id, wherever it is (imports keep the ids they are given), or null. */
  async projectOf(id: string): Promise<string | null> {
    return (await this.model.findById(id, { projectId: 1 }).lean<{ projectId: string }>())?.projectId ?? null;
  }

  async nameTaken(scope: ProjectScope, name: string): Promise<boolean> {
    return (await this.findScoped(scope, { nameKey: name.toLowerCase() })).length > 0;
  }

  async update(scope: ProjectScope, id: string, changes: HeuristicChanges): Promise<boolean> {
    await this.ready();
    const set = { ...changes, ...(changes.name !== undefined ? { nameKey: changes.name.toLowerCase() } : {}), updatedAt: new Date() };
    try {
      return await this.updateById(scope, id, { $set: set });
    } catch (error) {
      throw conflictOr(error, changes.name ?? '');
    }
  }

  delete(scope: ProjectScope, id: string): Promise<number> {
    return this.deleteScoped(scope, { _id: id });
  }
}

function conflictOr(error: unknown, name: string): unknown {
  return isDuplicateKey(error) ? new AppError('CONFLICT', `a heuristic named "${name}" already exists in this project`) : error;
}
