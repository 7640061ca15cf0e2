import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { AuditEntrySchema, type AuditEntryDoc } from './audit-entry.schema.js';

/** Append-only: entries are inserted and read, never changed. */
@Injectable()
export class AuditRepository {
  private readonly model: Model<AuditEntryDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<AuditEntryDoc>('AuditEntry', AuditEntrySchema);
  }

  async insert(doc: AuditEntryDoc): Promise<void> {
    await this.model.create(doc);
  }

  /** Newest first, `limit + 1` to tell whether another page exists; `before` is an `_id`. */
  page(scope: { projectId: string } | { orgId: string }, limit: number, before?: string): Promise<AuditEntryDoc[]> {
    const filter: Record<string, unknown> = 'projectId' in scope ? { projectId: scope.projectId } : { orgIds: scope.orgId };
    if (before) filter['_id'] = { $lt: before };
    return this.model.find(filter).sort({ _id: -1 }).limit(limit + 1).lean<AuditEntryDoc[]>();
  }
}
