import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { SessionSchema, type SessionDoc } from './session.schema.js';

@Injectable()
export class SessionRepository {
  private readonly model: Model<SessionDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<SessionDoc>('Session', SessionSchema);
  }

  async insert(doc: SessionDoc): Promise<void> {
    await this.model.create(doc);
  }

  findById(id: string): Promise<SessionDoc | null> {
    return this.model.findById(id).lean<SessionDoc>();
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  /** Ends the user's sessions except `keep` (the caller's own); returns how many ended. */
  async deleteOfUser(userId: string, keep?: string): Promise<number> {
    const res = await this.model.deleteMany(keep === undefined ? { userId } : { userId, _id: { $ne: keep } });
    return res.deletedCount;
  }
}
