import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager } from '@refinery/server-mongo';
import { IndexGate } from '../shared/index-gate.js';
import { ProjectSchema, type ProjectDoc } from './project.schema.js';

/** Projects are the tenants themselves: scoped by organization instead of by project. */
@Injectable()
export class ProjectRepository {
  private readonly model: Model<ProjectDoc>;
  private readonly indexes: IndexGate;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<ProjectDoc>('Project', ProjectSchema);
    this.indexes = new IndexGate(this.model);
  }

  async insert(doc: Omit<ProjectDoc, 'nameKey'>): Promise<ProjectDoc> {
    await this.indexes.ready();
    const full = { ...doc, nameKey: doc.name.toLowerCase() };
    try {
      await this.model.create(full);
    } catch (error) {
      throw this.conflictOr(error, doc.name);
    }
    return full;
  }

  /** Any organization's project: the caller checks ownership (project access). */
  findAnyById(id: string): Promise<ProjectDoc | null> {
    return this.model.findById(id).lean<ProjectDoc>();
  }

  listOfOrg(orgId: string): Promise<ProjectDoc[]> {
    return this.model.find({ orgId }).sort({ createdAt: 1, _id: 1 }).lean<ProjectDoc[]>();
  }

  async update(orgId: string, id: string, set: Partial<Pick<ProjectDoc, 'name' | 'description'>>): Promise<ProjectDoc | null> {
    await this.indexes.ready();
    const $set: Partial<ProjectDoc> = { ...set };
    if (set.name !== undefined) $set.nameKey = set.name.toLowerCase();
    try {
      return await this.model.findOneAndUpdate({ _id: id, orgId }, { $set }, { returnDocument: 'after' }).lean<ProjectDoc>();
    } catch (error) {
      throw this.conflictOr(error, set.name ?? '');
    }
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: id, orgId });
    return res.deletedCount === 1;
  }

  private conflictOr(error: unknown, name: string): unknown {
    return isDuplicateKey(error)
      ? new AppError('CONFLICT', `a project named "${name}" already exists in this organization`)
      : error;
  }
}
