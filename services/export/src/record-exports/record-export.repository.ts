import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { Model } from 'mongoose';
import { RecordExportSchema, type RecordExportDoc } from './record-export.schema.js';

type Changes = Partial<Omit<RecordExportDoc, '_id' | 'projectId' | 'orgId' | 'createdAt' | 'createdBy' | 'options'>>;

/** Export metadata; every query is scoped by project, updates go by `_id` (FerretDB's fast path). */
@Injectable()
export class RecordExportRepository {
  private readonly model: Model<RecordExportDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<RecordExportDoc>('RecordExport', RecordExportSchema);
  }

  async insert(doc: RecordExportDoc): Promise<void> {
    await this.model.create(doc);
  }

  get(projectId: string, id: string): Promise<RecordExportDoc | null> {
    return this.model.findOne({ _id: id, projectId }).lean<RecordExportDoc>().exec();
  }

  /** Newest first. */
  list(projectId: string): Promise<RecordExportDoc[]> {
    return this.model.find({ projectId }).sort({ createdAt: -1, _id: -1 }).lean<RecordExportDoc[]>().exec();
  }

  async update(id: string, changes: Changes): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: changes }).exec();
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  async deleteProject(projectId: string): Promise<void> {
    await this.model.deleteMany({ projectId }).exec();
  }
}
