import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { LoginFailureSchema, type LoginFailureDoc } from './login-failure.schema.js';

@Injectable()
export class LoginFailureRepository {
  private readonly model: Model<LoginFailureDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<LoginFailureDoc>('LoginFailure', LoginFailureSchema);
  }

  async add(key: string, at: Date): Promise<void> {
    await this.model.create({ _id: randomUUID(), key, at });
  }

  async since(key: string, since: Date): Promise<Date[]> {
    const docs = await this.model.find({ key, at: { $gt: since } }, { at: 1 }).lean<Pick<LoginFailureDoc, 'at'>[]>();
    return docs.map((d) => d.at);
  }

  /** A successful login forgives earlier failures. */
  async clear(key: string): Promise<void> {
    await this.model.deleteMany({ key });
  }
}
