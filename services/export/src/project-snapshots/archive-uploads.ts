import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import { MAX_SNAPSHOT_CHUNK_BYTES, type Actor, type SnapshotArchiveInfo } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { isEncrypted } from './archive-crypto.js';
import { ArchiveStore } from './archive-store.js';

interface ChunkDoc {
  _id: string;
  uploadId: string;
  orgId: string;
  createdBy: string;
  offset: number;
  size: number;
  data: mongo.Binary;
  at: Date;
}

/** Largest archive accepted by upload (GridFS holds more; this bounds a runaway client). */
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** What a sweep of abandoned uploads removed. */
export interface UploadsRemoved {
  uploads: number;
  chunks: number;
  bytes: number;
}

/**
 * Archives uploaded for an import, chunk by chunk over NATS (each request ≤ 512 KiB): chunks are
 * inserted as documents (an insert per chunk: atomic on FerretDB), in order, and the final chunk
 * streams them into one GridFS archive and removes them. The chunks of an upload that received
 * nothing for the upload lifetime are removed by the expiry sweep (`removeAbandoned`).
 */
@Injectable()
export class ArchiveUploads {
  constructor(
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
  ) {}

  async chunk(actor: Actor, req: { uploadId: string | null; offset: number; data: string; final: boolean }): Promise<{ uploadId: string; received: number; archive: SnapshotArchiveInfo | null }> {
    if (req.uploadId === null && req.offset !== 0) throw new AppError('VALIDATION_FAILED', 'payload.uploadId: only the first chunk (offset 0) starts an upload');
    const uploadId = req.uploadId ?? randomUUID();
    const chunks = await this.chunks().find({ uploadId }, { projection: { orgId: 1, size: 1, offset: 1 } }).toArray();
    if (req.uploadId !== null && (chunks.length === 0 || chunks.some((c) => c.orgId !== actor.orgId))) throw new AppError('NOT_FOUND', `upload ${req.uploadId} not found`);
    if (req.uploadId !== null && !contiguous(chunks)) throw expired(req.uploadId);
    const received = chunks.reduce((n, c) => n + c.size, 0);
    if (req.offset !== received) throw new AppError('VALIDATION_FAILED', `payload.offset: the upload has ${received} bytes; the next chunk starts there, not at ${req.offset}`);
    const bytes = Buffer.from(req.data, 'base64');
    if (bytes.length > MAX_SNAPSHOT_CHUNK_BYTES) throw new AppError('VALIDATION_FAILED', `payload.data: a chunk holds at most ${MAX_SNAPSHOT_CHUNK_BYTES} bytes`);
    if (received + bytes.length > MAX_UPLOAD_BYTES) throw new AppError('LIMIT_EXCEEDED', `an uploaded archive holds at most ${MAX_UPLOAD_BYTES} bytes`);
    if (bytes.length) {
      await this.chunks().insertOne({ _id: `${uploadId}:${req.offset}`, uploadId, orgId: actor.orgId, createdBy: actor.userId, offset: req.offset, size: bytes.length, data: new mongo.Binary(bytes), at: new Date() });
    }
    const total = received + bytes.length;
    if (!req.final) return { uploadId, received: total, archive: null };
    if (total === 0) throw new AppError('VALIDATION_FAILED', 'payload.data: the uploaded archive is empty');
    return { uploadId, received: total, archive: await this.store(actor, uploadId) };
  }

  /**
   * Chunks of uploads whose newest chunk is older than `cutoff` (null: kept for good). Each chunk
   * is deleted on its own, so concurrent sweeps count every byte once. An upload resumed during
   * the sweep loses its older chunks and answers NOT_FOUND ("expired") from then on.
   */
  async removeAbandoned(cutoff: Date | null): Promise<UploadsRemoved> {
    const removed: UploadsRemoved = { uploads: 0, chunks: 0, bytes: 0 };
    if (!cutoff) return removed;
    const old = await this.chunks().find({ at: { $lt: cutoff } }, { projection: { _id: 1, uploadId: 1, size: 1 } }).toArray();
    const byUpload = Map.groupBy(old, (c) => c.uploadId);
    for (const [uploadId, chunks] of byUpload) {
      if ((await this.chunks().countDocuments({ uploadId, at: { $gte: cutoff } })) > 0) continue;
      let any = false;
      for (const c of chunks) {
        if ((await this.chunks().deleteOne({ _id: c._id })).deletedCount !== 1) continue;
        any = true;
        removed.chunks++;
        removed.bytes += c.size;
      }
      if (any) removed.uploads++;
    }
    return removed;
  }

  /** Streams the chunks, in order, into one archive. */
  private async store(actor: Actor, uploadId: string): Promise<SnapshotArchiveInfo> {
    const index = await this.chunks().find({ uploadId }, { projection: { offset: 1, size: 1 } }).toArray();
    if (!contiguous(index)) throw expired(uploadId);
    const offsets = index.map((c) => c.offset).sort((a, b) => a - b);
    const first = await this.chunks().findOne({ _id: `${uploadId}:0` });
    const encrypted = first ? isEncrypted(first.data.buffer) : false;
    const target = await this.archives.create(`upload-${uploadId}.zip`, { orgId: actor.orgId, createdBy: actor.userId, encrypted, origin: 'upload', sourceProjectId: null });
    try {
      for (const offset of offsets) {
        const doc = await this.chunks().findOne({ _id: `${uploadId}:${offset}` });
        // Swept while being stored (it had been idle for the upload lifetime): no truncated archive.
        if (!doc) throw expired(uploadId);
        await target.sink.write(doc.data.buffer);
      }
      await target.sink.end();
    } catch (error) {
      await target.abort();
      throw error;
    }
    await this.chunks().deleteMany({ uploadId });
    return this.archives.info(actor, target.archiveId);
  }

  private chunks(): mongo.Collection<ChunkDoc> {
    return this.mongo.connection.collection<ChunkDoc>('project_snapshot_upload_chunks');
  }
}

/** The chunks cover [0, received) without a gap (the sweep may have taken some of them). */
function contiguous(chunks: readonly { offset: number; size: number }[]): boolean {
  let next = 0;
  for (const c of [...chunks].sort((a, b) => a.offset - b.offset)) {
    if (c.offset !== next) return false;
    next += c.size;
  }
  return true;
}

function expired(uploadId: string): AppError {
  return new AppError('NOT_FOUND', `upload ${uploadId} not found: it expired (no chunk within the upload lifetime); start the upload again`);
}
