import { once } from 'node:events';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { mongo } from 'mongoose';
import type { Actor, SnapshotArchiveInfo } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { expiryPolicy } from '../expiry/expiry-policy.js';
import type { ExportConfig } from '../shared/export-config.js';
import { archiveBucket, archiveObjectId, type ArchiveFileDoc, type ArchiveMetadata } from './archive-bucket.js';
import type { ByteSink } from './archive-writer.js';
import { ArchiveWrites } from './archive-writes.js';

/** An archive opened for a long read (an import): its bytes, and the end of its lease. */
export interface ArchiveHold {
  bytes: AsyncIterable<Uint8Array>;
  release(): void;
}

type NewArchive = Omit<ArchiveMetadata, 'leaseUntil' | 'importedAt' | 'expiredAt'>;

/**
 * Snapshot archives in GridFS (bucket `project_snapshots` of the export service's database):
 * written as a stream, read as a stream or by byte range (downloads in chunks), scoped to the
 * organization that made them. Every read leases the archive (`metadata.leaseUntil`) so the
 * expiry sweep, which claims an archive with one conditional update on the same document, never
 * removes one that is being read; a claimed archive (`metadata.expiredAt`) is gone for readers.
 */
@Injectable()
export class ArchiveStore implements OnApplicationShutdown {
  private readonly leaseMs: number;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
    @Inject(ArchiveWrites) private readonly writes: ArchiveWrites,
    @Inject(CONFIG) config: ExportConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.leaseMs = expiryPolicy(config).leaseMs;
  }

  /** A sink that streams into a new GridFS file; `abort` removes what was written. */
  async create(fileName: string, meta: NewArchive): Promise<{ archiveId: string; sink: ByteSink; abort: () => Promise<void> }> {
    const id = new mongo.ObjectId();
    const lease = await this.writes.begin(id);
    const { bucket } = archiveBucket(this.mongo);
    const stream = bucket.openUploadStreamWithId(id, fileName, { metadata: meta });
    const sink: ByteSink = {
      async write(chunk) {
        lease.check();
        if (!stream.write(chunk)) await once(stream, 'drain');
      },
      async end() {
        lease.check();
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => resolve());
        });
        await lease.finish();
      },
    };
    const abort = async () => {
      await stream.abort().catch(() => undefined);
      await bucket.delete(id).catch(() => undefined);
      await lease.finish().catch(() => undefined);
    };
    return { archiveId: id.toHexString(), sink, abort };
  }

  /** The archive's description; NOT_FOUND for another organization's. */
  async info(actor: Actor, archiveId: string, projectId: string | null = null): Promise<SnapshotArchiveInfo> {
    const file = await this.file(actor, archiveId, projectId);
    const meta = file.metadata;
    return {
      archiveId,
      fileName: file.filename,
      bytes: file.length,
      encrypted: meta.encrypted,
      origin: meta.origin,
      sourceProjectId: meta.sourceProjectId,
      createdAt: file.uploadDate.toISOString(),
    };
  }

  /**
   * The archive as a byte stream, leased until `release` (renewed every third of the lease while
   * held, so a long import keeps it); the caller releases it in a `finally`.
   */
  async hold(actor: Actor, archiveId: string, projectId: string | null = null): Promise<ArchiveHold> {
    const file = await this.file(actor, archiveId, projectId);
    await this.lease(file, true);
    const stream = archiveBucket(this.mongo).bucket.openDownloadStream(file._id);
    const timer = setInterval(() => {
      this.lease(file, true).catch((error: unknown) => this.logger.warn({ archiveId, err: String(error) }, 'renewing the lease of an archive being read failed'));
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    timer.unref();
    this.renewals.add(timer);
    return {
      bytes: stream,
      release: () => {
        clearInterval(timer);
        this.renewals.delete(timer);
        stream.destroy();
      },
    };
  }

  onApplicationShutdown(): void {
    for (const timer of this.renewals) clearInterval(timer);
    this.renewals.clear();
  }

  /** Bytes [offset, offset + length) and the total size; each piece renews the download's lease. */
  async range(actor: Actor, archiveId: string, offset: number, length: number, projectId: string | null = null): Promise<{ data: Buffer; total: number }> {
    const file = await this.file(actor, archiveId, projectId);
    await this.lease(file, false);
    const end = Math.min(file.length, offset + length);
    if (offset >= end) return { data: Buffer.alloc(0), total: file.length };
    const parts: Buffer[] = [];
    for await (const chunk of archiveBucket(this.mongo).bucket.openDownloadStream(file._id, { start: offset, end })) parts.push(chunk as Buffer);
    return { data: Buffer.concat(parts), total: file.length };
  }

  /** After a successful import the archive lives as long as an export (if its owner keeps it). */
  async markImported(archiveId: string): Promise<void> {
    const _id = archiveObjectId(archiveId);
    if (!_id) return;
    await archiveBucket(this.mongo).files.updateOne({ _id, 'metadata.expiredAt': { $exists: false } }, { $set: { 'metadata.importedAt': new Date() } });
  }

  async delete(actor: Actor, archiveId: string, projectId: string | null = null): Promise<void> {
    const file = await this.file(actor, archiveId, projectId);
    await archiveBucket(this.mongo).bucket.delete(file._id);
  }

  /**
   * Extends the archive's lease to now + lease, unless a longer one holds it already; a download
   * piece (`force` false) skips the write while more than half a lease is left. NOT_FOUND when
   * the sweep claimed the archive first (the claim and this update exclude each other: both are
   * conditional updates of the one file document).
   */
  private async lease(file: ArchiveFileDoc, force: boolean): Promise<void> {
    const now = Date.now();
    const current = file.metadata.leaseUntil?.getTime() ?? 0;
    if (!force && current > now + this.leaseMs / 2) return;
    const until = new Date(now + this.leaseMs);
    const { files } = archiveBucket(this.mongo);
    const extended = await files.updateOne(
      { _id: file._id, 'metadata.expiredAt': { $exists: false }, $or: [{ 'metadata.leaseUntil': { $exists: false } }, { 'metadata.leaseUntil': { $lt: until } }] },
      { $set: { 'metadata.leaseUntil': until } },
    );
    if (extended.matchedCount === 1) return;
    const still = await files.findOne({ _id: file._id, 'metadata.expiredAt': { $exists: false } }, { projection: { _id: 1 } });
    if (!still) throw missing(file._id.toHexString());
  }

  /**
   * An archive holds a whole project: within its organization it is the business of whoever made
   * it (exported or uploaded it) and, for an export, of the members of its source project asking
   * through that project (`projectId` = the envelope's, whose role the gateway checked). Anyone
   * else gets NOT_FOUND, as for an id that does not exist or an archive that expired.
   */
  private async file(actor: Actor, archiveId: string, projectId: string | null): Promise<ArchiveFileDoc> {
    const _id = archiveObjectId(archiveId);
    if (!_id) throw missing(archiveId);
    const file = await archiveBucket(this.mongo).files.findOne({ _id });
    const meta = file?.metadata;
    if (!file || !meta || meta.expiredAt) throw missing(archiveId);
    if (actor.role === 'system') return file;
    const mine = meta.createdBy === actor.userId;
    const viaSourceProject = meta.sourceProjectId !== null && projectId === meta.sourceProjectId;
    if (meta.orgId !== actor.orgId || !(mine || viaSourceProject)) throw missing(archiveId);
    return file;
  }
}

function missing(archiveId: string): AppError {
  return new AppError('NOT_FOUND', `snapshot archive ${archiveId} not found`);
}
