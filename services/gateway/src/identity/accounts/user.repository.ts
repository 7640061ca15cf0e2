import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { UserSchema, type UserDoc } from './user.schema.js';

@Injectable()
export class UserRepository {
  private readonly model: Model<UserDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<UserDoc>('User', UserSchema);
  }

  async insert(doc: UserDoc): Promise<UserDoc> {
    await this.model.create(doc);
    return doc;
  }

  findById(id: string): Promise<UserDoc | null> {
    return this.model.findById(id).lean<UserDoc>();
  }

  /** Every user with this e-mail: a local account and OIDC users may share one. */
  findByEmail(email: string): Promise<UserDoc[]> {
    return this.model.find({ email }).lean<UserDoc[]>();
  }

  findMany(ids: readonly string[]): Promise<UserDoc[]> {
    return this.model.find({ _id: { $in: [...ids] } }).lean<UserDoc[]>();
  }

  async any(): Promise<boolean> {
    return (await this.model.findOne({}, { _id: 1 }).lean()) !== null;
  }

  async touchLogin(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastLoginAt: at } });
  }
}
