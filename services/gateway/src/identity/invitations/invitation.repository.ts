import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { InvitationSchema, type InvitationDoc } from './invitation.schema.js';

@Injectable()
export class InvitationRepository {
  private readonly model: Model<InvitationDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<InvitationDoc>('Invitation', InvitationSchema);
  }

  async insert(doc: InvitationDoc): Promise<void> {
    await this.model.create(doc);
  }

  findById(id: string): Promise<InvitationDoc | null> {
    return this.model.findById(id).lean<InvitationDoc>();
  }

  findByTokenHash(tokenHash: string): Promise<InvitationDoc | null> {
    return this.model.findOne({ tokenHash }).lean<InvitationDoc>();
  }

  /** The organization's invitations that have not expired (accepted or revoked ones included), newest first. */
  unexpiredOfOrg(orgId: string, now: Date, email?: string): Promise<InvitationDoc[]> {
    const filter = { orgId, expiresAt: { $gt: now }, ...(email === undefined ? {} : { email }) };
    return this.model.find(filter).sort({ createdAt: -1 }).lean<InvitationDoc[]>();
  }
}
