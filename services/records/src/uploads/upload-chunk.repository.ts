import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { UploadChunkSchema, chunkId, type UploadChunkDoc } from './upload-chunk.schema.js';

@Injectable()
export class UploadChunkRepository extends TenantRepository<UploadChunkDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<UploadChunkDoc>('UploadChunk', UploadChunkSchema));
  }

  /**
   * A plain insert (FerretDB scans the whole collection for a replace, which made a 1M-row upload
   * quadratic). The same chunk again (a retry after a crash before it was acknowledged) is
   * accepted; different bytes under a stored sequence number are a CONFLICT.
   */
  async put(projectId: ProjectId, uploadId: string, seq: number, data: Buffer): Promise<void> {
    const doc = { _id: chunkId(uploadId, seq), projectId, uploadId, seq, data };
    try {
      await this.model.insertMany([doc], { lean: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.findById(projectId, doc._id);
      if (!stored || !Buffer.from(bytesOf(stored.data)).equals(data)) {
        throw new AppError('CONFLICT', `chunk ${seq} of upload ${uploadId} was already stored with other bytes`);
      }
    }
  }

  /** The upload's bytes in order, at most two chunks in memory (read once per ingest pass). */
  async *stream(projectId: ProjectId, uploadId: string, chunks: number): AsyncGenerator<Uint8Array> {
    const fetch = (seq: number) => (seq < chunks ? this.findById(projectId, chunkId(uploadId, seq)) : Promise.resolve(null));
    // The next chunk is read while the caller parses this one.
    let next = fetch(0);
    for (let seq = 0; seq < chunks; seq++) {
      const doc = await next;
      next = fetch(seq + 1);
      next.catch(() => undefined);
      if (!doc) throw new Error(`chunk ${seq} of upload ${uploadId} is missing`);
      yield bytesOf(doc.data);
    }
  }

  deleteOf(projectId: ProjectId, uploadId: string): Promise<number> {
    return this.deleteScoped(projectId, { uploadId });
  }
}

/** Lean reads return BSON Binary rather than a Buffer. */
function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const binary = data as { buffer?: unknown };
  if (binary.buffer instanceof Uint8Array) return binary.buffer;
  throw new Error('upload chunk is not binary');
}
