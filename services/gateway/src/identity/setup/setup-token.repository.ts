import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from '../shared/mongo-helpers.js';
import { SetupTokenSchema, SetupTokenUseSchema, type SetupTokenDoc, type SetupTokenUseDoc } from './setup-token.schema.js';

@Injectable()
export class SetupTokenRepository {
  private readonly tokens: Model<SetupTokenDoc>;
  private readonly uses: Model<SetupTokenUseDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.tokens = mongo.connection.model<SetupTokenDoc>('SetupToken', SetupTokenSchema);
    this.uses = mongo.connection.model<SetupTokenUseDoc>('SetupTokenUse', SetupTokenUseSchema);
  }

  async insert(doc: SetupTokenDoc): Promise<void> {
    await this.tokens.create(doc);
  }

  findById(hash: string): Promise<SetupTokenDoc | null> {
    return this.tokens.findById(hash).lean<SetupTokenDoc>();
  }

  /** True for the one caller that used the token first. */
  async claim(hash: string, at: Date): Promise<boolean> {
    try {
      await this.uses.create({ _id: hash, usedAt: at });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}
