import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from './mongo-helpers.js';
import { LinkClaimSchema, linkClaimId, type LinkClaimDoc, type LinkKind } from './link-claim.schema.js';
import type { LinkOutcome } from './one-time-link.js';

/** Single use of one-time links: the first claim wins (see LinkClaimDoc). */
@Injectable()
export class LinkClaimRepository {
  private readonly model: Model<LinkClaimDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<LinkClaimDoc>('LinkClaim', LinkClaimSchema);
  }

  /** True for the one caller that ended the link first. */
  async claim(kind: LinkKind, id: string, outcome: LinkOutcome, by: string, at: Date): Promise<boolean> {
    try {
      await this.model.create({ _id: linkClaimId(kind, id), outcome, by, at });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Undoes a claim whose work failed afterwards, so the link can be tried again. */
  async release(kind: LinkKind, id: string): Promise<void> {
    await this.model.deleteOne({ _id: linkClaimId(kind, id) });
  }

  async outcome(kind: LinkKind, id: string): Promise<LinkOutcome | null> {
    return (await this.model.findById(linkClaimId(kind, id)).lean<LinkClaimDoc>())?.outcome ?? null;
  }

  /** The ids among `ids` whose links have ended. */
  async ended(kind: LinkKind, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.model.find({ _id: { $in: ids.map((id) => linkClaimId(kind, id)) } }, { _id: 1 }).lean<Pick<LinkClaimDoc, '_id'>[]>();
    const prefix = `${kind}|`;
    return new Set(docs.map((d) => d._id.slice(prefix.length)));
  }
}
