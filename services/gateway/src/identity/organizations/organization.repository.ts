import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from '../shared/mongo-helpers.js';
import { OrganizationSchema, type OrganizationDoc } from './organization.schema.js';

@Injectable()
export class OrganizationRepository {
  private readonly model: Model<OrganizationDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<OrganizationDoc>('Organization', OrganizationSchema);
  }

  /** CONFLICT when the id is taken. */
  async insert(doc: OrganizationDoc): Promise<OrganizationDoc> {
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('CONFLICT', `the organization id "${doc._id}" is taken`);
      throw error;
    }
    return doc;
  }

  findById(id: string): Promise<OrganizationDoc | null> {
    return this.model.findById(id).lean<OrganizationDoc>();
  }

  findMany(ids: readonly string[]): Promise<OrganizationDoc[]> {
    return this.model.find({ _id: { $in: [...ids] } }).lean<OrganizationDoc[]>();
  }
}
