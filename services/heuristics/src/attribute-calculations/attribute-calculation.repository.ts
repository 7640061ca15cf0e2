import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { AttributeCalculationSchema, type AttributeCalculationDoc } from './attribute-calculation.schema.js';

@Injectable()
export class AttributeCalculationRepository extends TenantRepository<AttributeCalculationDoc> {
  private indexes: Promise<unknown> | undefined;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<AttributeCalculationDoc>('AttributeCalculation', AttributeCalculationSchema));
  }

  private ready(): Promise<unknown> {
    this.indexes ??= this.model.createIndexes().catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  list(scope: ProjectScope): Promise<AttributeCalculationDoc[]> {
    return this.findScoped(scope, {}, { createdAt: 1, _id: 1 });
  }

  async insert(scope: ProjectScope, doc: Omit<AttributeCalculationDoc, 'orgId' | 'projectId' | 'nameKey'>): Promise<void> {
    await this.ready();
    try {
      await this.model.create({ ...doc, orgId: scope.orgId, projectId: scope.projectId, nameKey: doc.name.toLowerCase() });
    } catch (error) {
      throw isDuplicateKey(error) ? new AppError('CONFLICT', `a computed attribute named "${doc.name}" already exists in this project`) : error;
    }
  }

  update(scope: ProjectScope, id: string, set: Partial<Pick<AttributeCalculationDoc, 'dataType' | 'language' | 'code' | 'updatedAt'>>): Promise<boolean> {
    return this.updateById(scope, id, { $set: set });
  }

  delete(scope: ProjectScope, id: string): Promise<number> {
    return this.deleteScoped(scope, { _id: id });
  }
}
