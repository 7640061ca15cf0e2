import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { LookupListSchema, type LookupListDoc } from './lookup-list.schema.js';

export type NewLookupList = Omit<LookupListDoc, 'orgId' | 'projectId' | 'nameKey'>;

@Injectable()
export class LookupListRepository extends TenantRepository<LookupListDoc> {
  private indexes: Promise<unknown> | undefined;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<LookupListDoc>('LookupList', LookupListSchema));
  }

  /** Unique names rely on the indexes: built once, before the first write (not at boot: Mongo may be down). */
  private ready(): Promise<unknown> {
    this.indexes ??= this.model.createIndexes().catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  list(scope: ProjectScope): Promise<LookupListDoc[]> {
    return this.findScoped(scope, {}, { createdAt: 1, _id: 1 });
  }

  /** Inserts; a taken name or variable is CONFLICT, a taken `_id` returns false (already created). */
  async insert(scope: ProjectScope, doc: NewLookupList): Promise<boolean> {
    await this.ready();
    try {
      await this.model.create({ ...doc, orgId: scope.orgId, projectId: scope.projectId, nameKey: doc.name.toLowerCase() });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (await this.model.exists({ _id: doc._id })) return false;
      throw new AppError('CONFLICT', `a lookup list named "${doc.name}" or importable as "${doc.pythonVariable}" already exists in this project`);
    }
  }

  /** Name, description, variable: edited by users only (terms are elsewhere). */
  async update(scope: ProjectScope, id: string, set: Partial<Pick<LookupListDoc, 'name' | 'description' | 'pythonVariable' | 'updatedAt'>>): Promise<boolean> {
    await this.ready();
    const fields = set.name === undefined ? set : { ...set, nameKey: set.name.toLowerCase() };
    try {
      return await this.updateById(scope, id, { $set: fields });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('CONFLICT', `a lookup list with that name or variable already exists in this project`);
      throw error;
    }
  }

  delete(scope: ProjectScope, id: string): Promise<number> {
    return this.deleteScoped(scope, { _id: id });
  }
}
