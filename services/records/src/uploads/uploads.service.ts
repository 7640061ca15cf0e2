import { Inject, Injectable } from '@nestjs/common';
import { MAX_UPLOAD_CHUNK_BYTES, type Upload, type UploadFormat, type UploadOptions } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG, QUEUE } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import { invalid, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { RecordsConfig } from '../shared/records-config.js';
import { ImportRecordsJob } from './jobs/import-records.job.js';
import { UploadChunkRepository } from './upload-chunk.repository.js';
import { toUpload } from './upload-view.js';
import { UploadRepository } from './upload.repository.js';
import type { UploadDoc } from './upload.schema.js';

/** Receives an upload's bytes in ordered chunks, then hands it to the import job. */
@Injectable()
export class UploadsService {
  constructor(
    @Inject(UploadRepository) private readonly uploads: UploadRepository,
    @Inject(UploadChunkRepository) private readonly chunks: UploadChunkRepository,
    @Inject(CONFIG) private readonly config: RecordsConfig,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
  ) {}

  async start(scope: ProjectScope, format: UploadFormat, options: UploadOptions): Promise<{ uploadId: string; maxChunkBytes: number }> {
    const now = new Date();
    const doc = await this.uploads.insert(scope.projectId, {
      _id: newId(),
      userId: scope.actor.userId,
      format,
      options,
      state: 'RECEIVING',
      receivedBytes: 0,
      chunks: 0,
      result: null,
      problems: [],
      createdAt: now,
      updatedAt: now,
    });
    return { uploadId: doc._id, maxChunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  async chunk(scope: ProjectScope, uploadId: string, seq: number, base64: string): Promise<{ receivedBytes: number; nextSeq: number }> {
    const upload = await this.require(scope, uploadId);
    if (upload.state !== 'RECEIVING') throw new AppError('CONFLICT', `upload ${uploadId} is ${upload.state}, not receiving`);
    // A resent chunk (lost reply) is acknowledged, not stored twice.
    if (seq < upload.chunks) return { receivedBytes: upload.receivedBytes, nextSeq: upload.chunks };
    if (seq > upload.chunks) throw invalid('seq', `expected chunk ${upload.chunks}, got ${seq} (chunks must arrive in order)`);
    const data = Buffer.from(base64, 'base64');
    if (data.length > MAX_UPLOAD_CHUNK_BYTES) throw invalid('data', `chunk of ${data.length} bytes exceeds ${MAX_UPLOAD_CHUNK_BYTES}`);
    const max = this.config.RECORDS_UPLOAD_MAX_BYTES;
    if (upload.receivedBytes + data.length > max) {
      const message = `the upload exceeds the limit of ${max} bytes`;
      await this.uploads.fail(scope.projectId, uploadId, [{ code: 'TOO_LARGE', message }]);
      await this.chunks.deleteOf(scope.projectId, uploadId);
      throw new AppError('LIMIT_EXCEEDED', message);
    }
    await this.chunks.put(scope.projectId, uploadId, seq, data);
    if (!(await this.uploads.acceptChunk(scope.projectId, uploadId, seq, data.length))) {
      throw new AppError('CONFLICT', `chunk ${seq} of upload ${uploadId} arrived concurrently with another; resend from the next expected one`);
    }
    return { receivedBytes: upload.receivedBytes + data.length, nextSeq: seq + 1 };
  }

  async commit(scope: ProjectScope, uploadId: string): Promise<Upload> {
    const upload = await this.require(scope, uploadId);
    if (upload.chunks === 0) throw invalid('uploadId', `upload ${uploadId} has no data (EMPTY_FILE)`);
    if (!this.queue) throw new AppError('INTERNAL', 'the records service runs without its queue');
    if (!(await this.uploads.transition(scope.projectId, uploadId, ['RECEIVING'], 'QUEUED'))) {
      throw new AppError('CONFLICT', `upload ${uploadId} is ${upload.state}, it was already committed`);
    }
    await this.queue.enqueue(ImportRecordsJob, { projectId: scope.projectId, uploadId, actor: scope.actor }, { jobId: `import-${uploadId}` });
    return toUpload({ ...upload, state: 'QUEUED' });
  }

  async get(scope: ProjectScope, uploadId: string): Promise<Upload> {
    return toUpload(await this.require(scope, uploadId));
  }

  private async require(scope: ProjectScope, uploadId: string): Promise<UploadDoc> {
    const doc = await this.uploads.findById(scope.projectId, uploadId);
    if (!doc) throw notFound('upload', uploadId);
    return doc;
  }
}
