import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { IDENTITY_CACHE_MS, ShortCache } from '../shared/short-cache.js';
import { ApiTokenSchema, type ApiTokenDoc } from './api-token.schema.js';

@Injectable()
export class ApiTokenRepository {
  private readonly model: Model<ApiTokenDoc>;
  /** Every bearer request looks its token up; revocations here drop the entry at once. */
  private readonly byPrefix = new ShortCache<ApiTokenDoc | null>(IDENTITY_CACHE_MS);

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<ApiTokenDoc>('ApiToken', ApiTokenSchema);
  }

  async insert(doc: ApiTokenDoc): Promise<void> {
    try {
      await this.model.create(doc);
    } finally {
      this.byPrefix.invalidate(doc._id);
    }
  }

  /** Reused for up to IDENTITY_CACHE_MS (callers check revocation and expiry on the doc). */
  findByPrefix(prefix: string): Promise<ApiTokenDoc | null> {
    return this.byPrefix.get(prefix, () => this.model.findById(prefix).lean<ApiTokenDoc>());
  }

  listOfUser(userId: string): Promise<ApiTokenDoc[]> {
    return this.model.find({ userId }).sort({ createdAt: -1 }).lean<ApiTokenDoc[]>();
  }

  /** True when the user's token was live and is now revoked. */
  async revoke(userId: string, prefix: string, at: Date): Promise<boolean> {
    try {
      const res = await this.model.updateOne({ _id: prefix, userId, revokedAt: null }, { $set: { revokedAt: at } });
      return res.modifiedCount === 1;
    } finally {
      this.byPrefix.invalidate(prefix);
    }
  }

  async touch(prefix: string, at: Date): Promise<void> {
    try {
      await this.model.updateOne({ _id: prefix }, { $set: { lastUsedAt: at } });
    } finally {
      // The next read sees the new lastUsedAt (else every request would touch again).
      this.byPrefix.invalidate(prefix);
    }
  }
}
