import { Inject, Injectable } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { archiveBucket, type ArchiveFileDoc } from './archive-bucket.js';

/** What a sweep of snapshot archives removed. */
export interface ArchivesRemoved {
  uploads: number;
  exports: number;
  bytes: number;
}

/** Archives made before these instants expire (null: that kind is kept for good). */
export interface ArchiveCutoffs {
  /** Uploads that no import completed. */
  upload: Date | null;
  /** Exports, and uploads an import completed. */
  archive: Date | null;
}

/**
 * Removes expired snapshot archives with their bytes. An archive is first claimed by one
 * conditional update of its file document — still unclaimed, still expired, no lease running —
 * which a reader's lease update (conditional on "not claimed") excludes; then its chunks go,
 * then the file document. A sweep that dies half-way leaves a claimed archive that no one can
 * read and that the next sweep finishes; concurrent sweeps may both delete its chunks (harmless),
 * and only the one whose file-document delete succeeds counts it.
 */
@Injectable()
export class ArchiveReaper {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  async removeExpired(now: Date, cutoffs: ArchiveCutoffs): Promise<ArchivesRemoved> {
    const removed: ArchivesRemoved = { uploads: 0, exports: 0, bytes: 0 };
    const { files, chunks } = archiveBucket(this.mongo);
    const purge = async (_id: mongo.ObjectId): Promise<void> => {
      const doc = await files.findOne({ _id }, { projection: { length: 1, metadata: 1 } });
      await chunks.deleteMany({ files_id: _id });
      const gone = await files.deleteOne({ _id });
      if (gone.deletedCount !== 1 || !doc) return;
      if (doc.metadata.origin === 'upload') removed.uploads++;
      else removed.exports++;
      removed.bytes += doc.length;
    };
    const leaseFree = { $or: [{ 'metadata.leaseUntil': { $exists: false } }, { 'metadata.leaseUntil': { $lt: now } }] };
    const unclaimed = { 'metadata.expiredAt': { $exists: false } };
    const kinds: mongo.Filter<ArchiveFileDoc>[] = [];
    if (cutoffs.upload) kinds.push({ 'metadata.origin': 'upload', 'metadata.importedAt': { $exists: false }, uploadDate: { $lt: cutoffs.upload } });
    if (cutoffs.archive) {
      kinds.push({ 'metadata.origin': 'export', uploadDate: { $lt: cutoffs.archive } });
      kinds.push({ 'metadata.origin': 'upload', 'metadata.importedAt': { $exists: true }, uploadDate: { $lt: cutoffs.archive } });
    }
    for (const kind of kinds) {
      const candidates = await files.find({ ...kind, ...unclaimed, ...leaseFree }, { projection: { _id: 1 } }).toArray();
      for (const { _id } of candidates) {
        const claim = await files.updateOne({ _id, ...kind, ...unclaimed, ...leaseFree }, { $set: { 'metadata.expiredAt': now } });
        if (claim.matchedCount === 1) await purge(_id);
      }
    }
    // Claims of sweeps that stopped half-way (or that run right now: finishing twice is harmless).
    for (const { _id } of await files.find({ 'metadata.expiredAt': { $exists: true } }, { projection: { _id: 1 } }).toArray()) await purge(_id);
    return removed;
  }
}
