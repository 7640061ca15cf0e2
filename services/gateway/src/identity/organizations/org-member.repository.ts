import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { OrgRole } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from '../shared/mongo-helpers.js';
import { IDENTITY_CACHE_MS, ShortCache } from '../shared/short-cache.js';
import { OrgMemberSchema, orgMemberId, type OrgMemberDoc } from './org-member.schema.js';

@Injectable()
export class OrgMemberRepository {
  private readonly model: Model<OrgMemberDoc>;
  /** A user's memberships, read by every project request; this repository's writes invalidate. */
  private readonly byUser = new ShortCache<readonly OrgMemberDoc[]>(IDENTITY_CACHE_MS);

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<OrgMemberDoc>('OrgMember', OrgMemberSchema);
  }

  /** CONFLICT when the user is a member already. */
  async insert(doc: Omit<OrgMemberDoc, '_id'>): Promise<OrgMemberDoc> {
    const full = { _id: orgMemberId(doc.orgId, doc.userId), ...doc };
    try {
      await this.model.create(full);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('CONFLICT', `user ${doc.userId} is a member of ${doc.orgId} already`);
      throw error;
    } finally {
      this.byUser.invalidate(doc.userId);
    }
    return full;
  }

  find(orgId: string, userId: string): Promise<OrgMemberDoc | null> {
    return this.model.findById(orgMemberId(orgId, userId)).lean<OrgMemberDoc>();
  }

  /** Reused for up to IDENTITY_CACHE_MS; a copy, so callers may change the array. */
  async ofUser(userId: string): Promise<OrgMemberDoc[]> {
    return [...(await this.byUser.get(userId, () => this.model.find({ userId }).sort({ createdAt: 1 }).lean<OrgMemberDoc[]>()))];
  }

  ofOrg(orgId: string): Promise<OrgMemberDoc[]> {
    return this.model.find({ orgId }).sort({ createdAt: 1 }).lean<OrgMemberDoc[]>();
  }

  async setRole(orgId: string, userId: string, role: OrgRole): Promise<boolean> {
    try {
      const res = await this.model.updateOne({ _id: orgMemberId(orgId, userId) }, { $set: { role } });
      return res.matchedCount === 1;
    } finally {
      this.byUser.invalidate(userId);
    }
  }

  async delete(orgId: string, userId: string): Promise<boolean> {
    try {
      const res = await this.model.deleteOne({ _id: orgMemberId(orgId, userId) });
      return res.deletedCount === 1;
    } finally {
      this.byUser.invalidate(userId);
    }
  }
}
