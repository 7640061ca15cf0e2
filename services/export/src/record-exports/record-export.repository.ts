import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { Model } from 'mongoose';
import type { RecordExportState } from '@refinery/contracts';
import { RecordExportSchema, type RecordExportDoc } from './record-export.schema.js';

type Changes = Partial<Omit<RecordExportDoc, '_id' | 'projectId' | 'orgId' | 'createdAt' | 'createdBy' | 'options' | 'leaseUntil' | 'expiredAt'>>;

/** Not claimed by the expiry sweep (`null` also matches documents written before the field existed). */
const LIVE = { expiredAt: null };

/**
 * Export metadata; every query is scoped by project, updates go by `_id` (FerretDB's fast path).
 * An export the expiry sweep claimed (`expiredAt`) is invisible to every read.
 */
@Injectable()
export class RecordExportRepository {
  private readonly model: Model<RecordExportDoc>;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<RecordExportDoc>('RecordExport', RecordExportSchema);
  }

  async insert(doc: RecordExportDoc): Promise<void> {
    await this.model.create(doc);
  }

  get(projectId: string, id: string): Promise<RecordExportDoc | null> {
    return this.model.findOne({ _id: id, projectId, ...LIVE }).lean<RecordExportDoc>().exec();
  }

  /** Newest first. */
  list(projectId: string): Promise<RecordExportDoc[]> {
    return this.model.find({ projectId, ...LIVE }).sort({ createdAt: -1, _id: -1 }).lean<RecordExportDoc[]>().exec();
  }

  async update(id: string, changes: Changes): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: changes }).exec();
  }

  /**
   * Extends a download's lease on a finished export to `until` (a longer lease stays). False when
   * there is no such live export; the sweep's claim (`claimExpired`) and this update exclude each
   * other, both being conditional updates of the one document.
   */
  async lease(projectId: string, id: string, until: Date): Promise<boolean> {
    const r = await this.model.updateOne({ _id: id, projectId, ...LIVE, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: until } }] }, { $set: { leaseUntil: until } }).exec();
    if (r.matchedCount === 1) return true;
    return (await this.model.exists({ _id: id, projectId, ...LIVE })) !== null;
  }

  /** Ids of finished exports (done or failed) that finished before `cutoff`, not yet claimed. */
  async expiredIds(cutoff: Date, now: Date): Promise<string[]> {
    const docs = await this.model.find(expired(cutoff, now), { _id: 1 }).lean<{ _id: string }[]>().exec();
    return docs.map((d) => d._id);
  }

  /** Claims an expired export for removal, unless a download leased it meanwhile (then false). */
  async claimExpired(id: string, cutoff: Date, now: Date): Promise<boolean> {
    return (await this.model.updateOne({ _id: id, ...expired(cutoff, now) }, { $set: { expiredAt: now } }).exec()).modifiedCount === 1;
  }

  /** Exports claimed by a sweep that did not finish removing them. */
  claimed(): Promise<RecordExportDoc[]> {
    return this.model.find({ expiredAt: { $ne: null } }).lean<RecordExportDoc[]>().exec();
  }

  /** True when this call removed the document (concurrent sweeps: exactly one does). */
  async deleteClaimed(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id, expiredAt: { $ne: null } }).exec()).deletedCount === 1;
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  async deleteProject(projectId: string): Promise<void> {
    await this.model.deleteMany({ projectId }).exec();
  }
}

function expired(cutoff: Date, now: Date) {
  return { state: { $in: ['DONE', 'FAILED'] as RecordExportState[] }, finishedAt: { $lt: cutoff }, ...LIVE, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] };
}
