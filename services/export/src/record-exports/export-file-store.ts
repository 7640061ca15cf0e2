import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { mongo } from 'mongoose';
import type { ByteSink } from './writers/byte-sink.js';

/** 512 KiB: one download piece is one chunk (FerretDB reads and decodes whole documents). */
const CHUNK_BYTES = 512 * 1024;

/**
 * Export files in GridFS, one bucket per project (`rx_<projectId>.files/.chunks`): FerretDB filters
 * by scanning a whole collection, so a download's chunk lookup must only meet that project's
 * (at most two) export files, not every project's.
 */
@Injectable()
export class ExportFileStore {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  /** A sink writing one new file; `end()` resolves once GridFS stored the file document. */
  open(projectId: string, fileId: string, fileName: string, contentType: string): ByteSink {
    const stream = this.bucket(projectId).openUploadStreamWithId(new mongo.ObjectId(fileId), fileName, { metadata: { contentType } });
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    stream.on('error', (e: Error) => {
      failure = e;
      wake?.();
    });
    stream.on('drain', () => wake?.());
    return {
      async write(chunk: Uint8Array): Promise<void> {
        if (failure) throw failure;
        if (!stream.write(chunk)) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (failure) throw failure;
      },
      async end(): Promise<void> {
        if (failure) throw failure;
        await new Promise<void>((resolve, reject) => {
          stream.once('finish', resolve);
          stream.once('error', reject);
          stream.end();
        });
      },
    };
  }

  /** Bytes [offset, offset + length) of a stored file. */
  async read(projectId: string, fileId: string, offset: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for await (const part of this.bucket(projectId).openDownloadStream(new mongo.ObjectId(fileId), { start: offset, end: offset + length })) {
      parts.push(part as Buffer);
    }
    return Buffer.concat(parts);
  }

  /** Removes a file and any chunks a crashed upload left behind; a missing file is fine. */
  async delete(projectId: string, fileId: string): Promise<void> {
    await this.bucket(projectId)
      .delete(new mongo.ObjectId(fileId))
      .catch(() => undefined);
  }

  async dropProject(projectId: string): Promise<void> {
    await this.bucket(projectId)
      .drop()
      .catch(() => undefined);
  }

  private bucket(projectId: string): mongo.GridFSBucket {
    const db = this.mongo.connection.db;
    if (!db) throw new Error('the export database is not connected yet');
    return new mongo.GridFSBucket(db, { bucketName: `rx_${projectId}`, chunkSizeBytes: CHUNK_BYTES });
  }
}
