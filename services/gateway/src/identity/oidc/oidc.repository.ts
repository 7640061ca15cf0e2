import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isDuplicateKey } from '../shared/mongo-helpers.js';
import { OidcIdentitySchema, type OidcIdentityDoc } from './oidc-identity.schema.js';
import { OidcStateSchema, type OidcStateDoc } from './oidc-state.schema.js';

/** Pending OIDC logins and the issuer+subject links of users. */
@Injectable()
export class OidcRepository {
  private readonly states: Model<OidcStateDoc>;
  private readonly identities: Model<OidcIdentityDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.states = mongo.connection.model<OidcStateDoc>('OidcState', OidcStateSchema);
    this.identities = mongo.connection.model<OidcIdentityDoc>('OidcIdentity', OidcIdentitySchema);
  }

  async saveState(doc: OidcStateDoc): Promise<void> {
    await this.states.create(doc);
  }

  /** Reads and deletes a pending login: a state is good for one callback. */
  async takeState(id: string): Promise<OidcStateDoc | null> {
    const doc = await this.states.findById(id).lean<OidcStateDoc>();
    if (!doc) return null;
    const res = await this.states.deleteOne({ _id: id });
    return res.deletedCount === 1 ? doc : null;
  }

  findIdentity(id: string): Promise<OidcIdentityDoc | null> {
    return this.identities.findById(id).lean<OidcIdentityDoc>();
  }

  /** False when the identity is linked already (a concurrent first login). */
  async linkIdentity(doc: OidcIdentityDoc): Promise<boolean> {
    try {
      await this.identities.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}
