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

/**
 * Archives uploaded for an import, chunk by chunk over NATS (each request ≤ 512 KiB): chunks are
 * inserted as documents (an insert per chunk: atomic on FerretDB), in order, and the final chunk
 * streams them into one GridFS archive and removes them. An abandoned upload leaves its chunks.
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

  /** Streams the chunks, in order, into one archive. */
  private async store(actor: Actor, uploadId: string): Promise<SnapshotArchiveInfo> {
    const offsets = (await this.chunks().find({ uploadId }, { projection: { offset: 1 } }).toArray()).map((c) => c.offset).sort((a, b) => a - b);
    const first = await this.chunks().findOne({ _id: `${uploadId}:0` });
    const encrypted = first ? isEncrypted(first.data.buffer) : false;
    const target = this.archives.create(`upload-${uploadId}.zip`, { orgId: actor.orgId, createdBy: actor.userId, encrypted, origin: 'upload', sourceProjectId: null });
    try {
      for (const offset of offsets) {
        const doc = await this.chunks().findOne({ _id: `${uploadId}:${offset}` });
        if (doc) await target.sink.write(doc.data.buffer);
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
