import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ExportSourceSubjects,
  HeuristicSubjects,
  RecordExportEvents,
  type Actor,
  type RecordExport,
  type RecordExportDownload,
  type RecordExportOptions,
} from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG, NATS_BUS, QUEUE } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import { expiryPolicy } from '../expiry/expiry-policy.js';
import type { ExportConfig } from '../shared/export-config.js';
import { ExportFileStore } from './export-file-store.js';
import { exportFileNames } from './file-naming.js';
import { PrepareRecordExportJob } from './jobs/prepare-record-export.job.js';
import { toRecordExport } from './record-export-view.js';
import { RecordExportRepository } from './record-export.repository.js';
import type { RecordExportDoc } from './record-export.schema.js';

export interface InProject {
  actor: Actor;
  projectId: string;
}

/** Record exports: prepare (validate, freeze, queue), list, get, download by byte offset. */
@Injectable()
export class RecordExportsService {
  private readonly leaseMs: number;

  constructor(
    @Inject(RecordExportRepository) private readonly exports: RecordExportRepository,
    @Inject(ExportFileStore) private readonly files: ExportFileStore,
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(CONFIG) config: ExportConfig,
  ) {
    this.leaseMs = expiryPolicy(config).leaseMs;
  }

  async prepare(at: InProject, options: RecordExportOptions): Promise<RecordExport> {
    if (!this.queue) throw new AppError('INTERNAL', 'the export service runs without its queue');
    await this.checkHeuristics(at, options);
    // Opening the cursor checks attributes, tasks, slice or session and freezes the rows now.
    const opened = await this.bus.request(ExportSourceSubjects.open, { rows: options.rows, attributes: options.attributes ?? null, tasks: options.tasks ?? null }, at);
    const now = new Date();
    const names = exportFileNames(options, now);
    const doc = {
      _id: randomUUID(),
      projectId: at.projectId,
      orgId: at.actor.orgId,
      state: 'QUEUED' as const,
      options,
      fileName: names.file,
      contentType: names.contentType,
      fileId: null,
      source: opened,
      size: null,
      contentEncoding: options.zip || options.format === 'XLSX' ? null : ('gzip' as const),
      storedSize: null,
      rows: 0,
      total: opened.total,
      error: null,
      createdBy: at.actor.userId,
      createdAt: now,
      finishedAt: null,
    };
    await this.exports.insert(doc);
    await this.queue.enqueue(PrepareRecordExportJob, { exportId: doc._id, projectId: at.projectId, actor: at.actor });
    this.bus.publish(RecordExportEvents.progress, { exportId: doc._id, projectId: at.projectId, state: 'QUEUED', done: 0, total: opened.total, error: null }, at);
    return toRecordExport(doc);
  }

  async list(at: InProject): Promise<RecordExport[]> {
    return (await this.exports.list(at.projectId)).filter((d) => visible(at, d)).map(toRecordExport);
  }

  async get(at: InProject, exportId: string): Promise<RecordExport> {
    return toRecordExport(await this.require(at, exportId));
  }

  /** A piece of a DONE export's file; each piece renews the download's lease (the expiry sweep waits for it). */
  async download(at: InProject, exportId: string, offset: number, length: number): Promise<RecordExportDownload> {
    // Leased before it is read: once this succeeded the sweep cannot claim the export any more.
    await this.exports.lease(at.projectId, exportId, new Date(Date.now() + this.leaseMs));
    const doc = await this.require(at, exportId);
    const projectId = at.projectId;
    if (doc.state !== 'DONE' || doc.fileId === null || doc.storedSize === null) {
      throw new AppError('CONFLICT', `record export ${exportId} is ${doc.state}: only a DONE export can be downloaded`);
    }
    const size = doc.storedSize;
    if (offset > size) throw new AppError('VALIDATION_FAILED', `payload.offset: ${offset} is past the end of the file (${size} stored bytes)`);
    const bytes = await this.files.read(projectId, doc.fileId, offset, Math.min(length, size - offset));
    return {
      exportId,
      fileName: doc.fileName,
      contentType: doc.contentType,
      contentEncoding: doc.contentEncoding,
      size,
      offset,
      data: bytes.toString('base64'),
      length: bytes.length,
      done: offset + bytes.length >= size,
    };
  }

  /** Another organization's export does not exist for the actor (as records answers for projects). */
  private async require(at: InProject, exportId: string): Promise<RecordExportDoc> {
    const doc = await this.exports.get(at.projectId, exportId);
    if (!doc || !visible(at, doc)) throw new AppError('NOT_FOUND', `record export ${exportId} not found`);
    return doc;
  }

  /** Every chosen heuristic must exist and belong to its task (the heuristics service owns them). */
  private async checkHeuristics(at: InProject, options: RecordExportOptions): Promise<void> {
    const wanted = (options.tasks ?? []).flatMap((t, i) => t.heuristicIds.map((id, j) => ({ id, taskId: t.taskId, path: `tasks.${i}.heuristicIds.${j}` })));
    if (!wanted.length) return;
    const { heuristics } = await this.bus.request(HeuristicSubjects.list, {}, at);
    const byId = new Map(heuristics.map((h) => [h.id, h]));
    for (const w of wanted) {
      const h = byId.get(w.id);
      if (!h) throw invalid(w.path, `the project has no heuristic ${w.id}`);
      if (h.taskId !== w.taskId) throw invalid(w.path, `heuristic "${h.name}" belongs to task ${h.taskId}, not ${w.taskId}`);
    }
  }
}

function visible(at: InProject, doc: RecordExportDoc): boolean {
  return at.actor.role === 'system' || doc.orgId === at.actor.orgId;
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `payload.${field}: ${message}`, { issues: [{ path: ['payload', ...field.split('.')], message }] });
}
