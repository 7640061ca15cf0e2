import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { PasswordResetSchema, type PasswordResetDoc } from './password-reset.schema.js';

@Injectable()
export class PasswordResetRepository {
  private readonly model: Model<PasswordResetDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<PasswordResetDoc>('PasswordReset', PasswordResetSchema);
  }

  async insert(doc: PasswordResetDoc): Promise<void> {
    await this.model.create(doc);
  }

  findById(hash: string): Promise<PasswordResetDoc | null> {
    return this.model.findById(hash).lean<PasswordResetDoc>();
  }

  /** Drops the user's outstanding links but `keep` (a new password makes them pointless). */
  async deleteOfUser(userId: string, keep?: string): Promise<void> {
    await this.model.deleteMany(keep === undefined ? { userId } : { userId, _id: { $ne: keep } });
  }
}
