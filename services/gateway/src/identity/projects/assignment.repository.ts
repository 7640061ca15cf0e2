import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { AssignmentSchema, type AssignmentDoc } from './assignment.schema.js';

@Injectable()
export class AssignmentRepository {
  private readonly model: Model<AssignmentDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<AssignmentDoc>('Assignment', AssignmentSchema);
  }

  async upsert(doc: AssignmentDoc): Promise<void> {
    await this.model.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  findById(projectId: string, id: string): Promise<AssignmentDoc | null> {
    return this.model.findOne({ _id: id, projectId }).lean<AssignmentDoc>();
  }

  list(projectId: string, userId?: string): Promise<AssignmentDoc[]> {
    return this.model.find(userId ? { projectId, userId } : { projectId }).sort({ createdAt: 1 }).lean<AssignmentDoc[]>();
  }

  async setLocked(projectId: string, id: string, locked: boolean): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, projectId }, { $set: { locked } });
    return res.matchedCount === 1;
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: id, projectId });
    return res.deletedCount === 1;
  }

  async deleteOfProject(projectId: string): Promise<void> {
    await this.model.deleteMany({ projectId });
  }

  async deleteOfUser(projectId: string, userId: string): Promise<void> {
    await this.model.deleteMany({ projectId, userId });
  }
}
