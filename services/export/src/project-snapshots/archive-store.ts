import { once } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import type { Actor, SnapshotArchiveInfo } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ByteSink } from './archive-writer.js';

/** What an archive's GridFS file carries besides its bytes. */
interface ArchiveMetadata {
  orgId: string;
  createdBy: string;
  encrypted: boolean;
  origin: 'export' | 'upload';
  sourceProjectId: string | null;
}

const BUCKET = 'project_snapshots';

/**
 * Snapshot archives in GridFS (bucket `project_snapshots` of the export service's database):
 * written as a stream, read as a stream or by byte range (downloads in chunks), scoped to the
 * organization that made them.
 */
@Injectable()
export class ArchiveStore {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  /** A sink that streams into a new GridFS file; `abort` removes what was written. */
  create(fileName: string, meta: ArchiveMetadata): { archiveId: string; sink: ByteSink; abort: () => Promise<void> } {
    const id = new mongo.ObjectId();
    const stream = this.bucket().openUploadStreamWithId(id, fileName, { metadata: meta });
    const sink: ByteSink = {
      async write(chunk) {
        if (!stream.write(chunk)) await once(stream, 'drain');
      },
      async end() {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => resolve());
        });
      },
    };
    const abort = async () => {
      await stream.abort().catch(() => undefined);
      await this.bucket()
        .delete(id)
        .catch(() => undefined);
    };
    return { archiveId: id.toHexString(), sink, abort };
  }

  /** The archive's description; NOT_FOUND for another organization's. */
  async info(actor: Actor, archiveId: string, projectId: string | null = null): Promise<SnapshotArchiveInfo> {
    const file = await this.file(actor, archiveId, projectId);
    const meta = file.metadata as unknown as ArchiveMetadata;
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

  /** The archive as a byte stream. */
  async open(actor: Actor, archiveId: string, projectId: string | null = null): Promise<AsyncIterable<Uint8Array>> {
    const file = await this.file(actor, archiveId, projectId);
    return this.bucket().openDownloadStream(file._id);
  }

  /** Bytes [offset, offset + length) and the total size. */
  async range(actor: Actor, archiveId: string, offset: number, length: number, projectId: string | null = null): Promise<{ data: Buffer; total: number }> {
    const file = await this.file(actor, archiveId, projectId);
    const end = Math.min(file.length, offset + length);
    if (offset >= end) return { data: Buffer.alloc(0), total: file.length };
    const parts: Buffer[] = [];
    for await (const chunk of this.bucket().openDownloadStream(file._id, { start: offset, end })) parts.push(chunk as Buffer);
    return { data: Buffer.concat(parts), total: file.length };
  }

  async delete(actor: Actor, archiveId: string, projectId: string | null = null): Promise<void> {
    const file = await this.file(actor, archiveId, projectId);
    await this.bucket().delete(file._id);
  }

  /**
   * An archive holds a whole project: within its organization it is the business of whoever made
   * it (exported or uploaded it) and, for an export, of the members of its source project asking
   * through that project (`projectId` = the envelope's, whose role the gateway checked). Anyone
   * else gets NOT_FOUND, as for an id that does not exist.
   */
  private async file(actor: Actor, archiveId: string, projectId: string | null): Promise<mongo.GridFSFile> {
    const missing = new AppError('NOT_FOUND', `snapshot archive ${archiveId} not found`);
    if (!/^[0-9a-f]{24}$/.test(archiveId)) throw missing;
    const [file] = await this.bucket().find({ _id: new mongo.ObjectId(archiveId) }).toArray();
    const meta = file?.metadata as unknown as ArchiveMetadata | undefined;
    if (!file || !meta) throw missing;
    if (actor.role === 'system') return file;
    const mine = meta.createdBy === actor.userId;
    const viaSourceProject = meta.sourceProjectId !== null && projectId === meta.sourceProjectId;
    if (meta.orgId !== actor.orgId || !(mine || viaSourceProject)) throw missing;
    return file;
  }

  private bucket(): mongo.GridFSBucket {
    const db = this.mongo.connection.db;
    if (!db) throw new AppError('UNAVAILABLE', 'the export database is not connected');
    return new mongo.GridFSBucket(db, { bucketName: BUCKET });
  }
}
