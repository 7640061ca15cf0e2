import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from '../shared/mongo-helpers.js';
import { CredentialSchema, type CredentialDoc } from './credential.schema.js';

@Injectable()
export class CredentialRepository {
  private readonly model: Model<CredentialDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<CredentialDoc>('Credential', CredentialSchema);
  }

  /** CONFLICT when the e-mail has an account already. */
  async insert(doc: CredentialDoc): Promise<void> {
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('CONFLICT', `an account with the e-mail ${doc._id} exists already`);
      throw error;
    }
  }

  findByEmail(email: string): Promise<CredentialDoc | null> {
    return this.model.findById(email).lean<CredentialDoc>();
  }

  /** The user's password, if they have one (OIDC-only users have none). */
  findByUserId(userId: string): Promise<CredentialDoc | null> {
    return this.model.findOne({ userId }).lean<CredentialDoc>();
  }

  /** Replaces the hash of the user's credential; false when it is gone. */
  async setHash(email: string, userId: string, passwordHash: string, at: Date): Promise<boolean> {
    const res = await this.model.updateOne({ _id: email, userId }, { $set: { passwordHash, updatedAt: at } });
    return res.matchedCount === 1;
  }
}
