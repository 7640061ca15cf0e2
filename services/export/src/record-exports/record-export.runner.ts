import { Inject, Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import type { z } from 'zod';
import { ExportSourceSubjects, HeuristicSubjects, RecordExportEvents, type ExportSourceOpened, type RecordExportState } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_BUS, OnJob } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { JobContext } from '@refinery/server-queue';
import { ExportFileStore } from './export-file-store.js';
import { exportColumns } from './export-layout.js';
import { exportFileNames } from './file-naming.js';
import { PrepareRecordExportJob } from './jobs/prepare-record-export.job.js';
import type { RecordExportDoc } from './record-export.schema.js';
import { RecordExportRepository } from './record-export.repository.js';
import type { InProject } from './record-exports.service.js';
import { CountingSink } from './writers/byte-sink.js';
import { GzipSink } from './writers/gzip-sink.js';
import { rowWriter } from './writers/row-writers.js';
import { ZipSink } from './writers/zip-sink.js';

const PAGE_ROWS = 1_000;
/** Page requests in flight while one page is written. */
const PAGES_AHEAD = 1;
const PROGRESS_EVERY_MS = 500;
const STORE_PROGRESS_EVERY_MS = 3_000;
/** Errors of the request itself (the data changed since prepare): retrying does not help. */
const FINAL_ERRORS: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'LIMIT_EXCEEDED']);

type Page = z.infer<(typeof ExportSourceSubjects)['page']['reply']>;

/**
 * The `record-exports.prepare` job: pages through the frozen records-side cursor (one page fetched
 * ahead while the previous one is written), renders refinery's columns, writes the format (zipped
 * if asked) straight into GridFS, then keeps only the project's newest finished export.
 */
@Injectable()
export class RecordExportRunner {
  constructor(
    @Inject(RecordExportRepository) private readonly exports: RecordExportRepository,
    @Inject(ExportFileStore) private readonly files: ExportFileStore,
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(PrepareRecordExportJob)
  async run(payload: z.infer<typeof PrepareRecordExportJob.payload>, ctx: JobContext): Promise<{ state: RecordExportState }> {
    const at: InProject = { actor: payload.actor, projectId: payload.projectId };
    const doc = await this.exports.get(payload.projectId, payload.exportId);
    if (!doc || doc.state === 'DONE') return { state: doc?.state ?? 'FAILED' };
    if (doc.fileId) await this.files.delete(doc.projectId, doc.fileId);
    const fileId = new mongo.ObjectId().toHexString();
    await this.exports.update(doc._id, { state: 'RUNNING', fileId, rows: 0, error: null });
    const report = this.reporter(doc, at, ctx);
    await report('RUNNING', 0, doc.total, true);
    const t0 = performance.now();
    try {
      const { rows, size, storedSize, total, waitingForRecordsMs, writingMs } = await this.write(doc, fileId, at, (done, all) => report('RUNNING', done, all, false));
      // Older exports go before this one shows as DONE: whoever sees it DONE sees it alone.
      if (await this.keepNewest(doc)) return { state: 'DONE' };
      await this.exports.update(doc._id, { state: 'DONE', rows, size, storedSize, total, finishedAt: new Date() });
      await report('DONE', rows, total, true);
      this.logger.info({ projectId: doc.projectId, exportId: doc._id, rows, size, storedSize, ms: Math.round(performance.now() - t0), waitingForRecordsMs, writingMs }, 'record export written');
      return { state: 'DONE' };
    } catch (error) {
      await this.files.delete(doc.projectId, fileId);
      const message = error instanceof Error ? error.message : String(error);
      await this.exports.update(doc._id, { state: 'FAILED', error: message, finishedAt: new Date() });
      await report('FAILED', 0, doc.total, true, message);
      this.logger.warn({ projectId: doc.projectId, exportId: doc._id, err: message }, 'record export failed');
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && FINAL_ERRORS.has(code)) return { state: 'FAILED' };
      throw error;
    }
  }

  private async write(doc: RecordExportDoc, fileId: string, at: InProject, progress: (done: number, total: number) => Promise<void>): Promise<{ rows: number; size: number; storedSize: number; total: number; waitingForRecordsMs: number; writingMs: number }> {
    let source: ExportSourceOpened = doc.source;
    let first: Page;
    try {
      first = await this.page(source.cursorId, 0, at);
    } catch (error) {
      // The cursor expired or its replica went away while the job waited: freeze the rows again.
      if ((error as { code?: unknown }).code !== 'NOT_FOUND' || !/export cursor/.test(String((error as Error).message))) throw error;
      source = await this.bus.request(ExportSourceSubjects.open, { rows: doc.options.rows, attributes: doc.options.attributes ?? null, tasks: doc.options.tasks ?? null }, at);
      first = await this.page(source.cursorId, 0, at);
    }
    const columns = exportColumns(source, await this.heuristicNames(source, at));
    const names = exportFileNames(doc.options, new Date(doc.createdAt));
    const stored = new CountingSink(this.files.open(doc.projectId, fileId, doc.fileName, doc.contentType));
    const encoded = doc.contentEncoding === 'gzip' ? new GzipSink(stored) : stored;
    const counted = new CountingSink(encoded);
    const sink = doc.options.zip ? new ZipSink(counted, names.inner) : counted;
    const writer = await rowWriter(doc.options.format, sink);
    await writer.start(columns.map((c) => c.name));
    let rows = 0;
    const ms = { waitingForRecords: 0, writing: 0 };
    // Pages are asked for ahead at the expected offsets (every page holds PAGE_ROWS unless its
    // byte budget cut it short), so records builds the next pages while this process renders and
    // writes the current one; a short page drops the guesses behind it.
    const queue: { offset: number; page: Promise<Page> }[] = [];
    let guess = first.nextOffset;
    const fill = () => {
      while (queue.length < PAGES_AHEAD && guess !== null && guess < source.total) {
        const page = this.page(source.cursorId, guess, at);
        page.catch(() => undefined);
        queue.push({ offset: guess, page });
        guess += PAGE_ROWS;
      }
    };
    let current: Page = first;
    for (;;) {
      fill();
      const t0 = performance.now();
      await writer.rows(current.rows.map((r) => columns.map((c) => c.cell(r))));
      rows += current.rows.length;
      await progress(rows, source.total);
      const t1 = performance.now();
      ms.writing += t1 - t0;
      if (current.nextOffset === null) break;
      let head = queue.shift();
      if (head?.offset !== current.nextOffset) {
        queue.length = 0;
        guess = current.nextOffset;
        fill();
        head = queue.shift();
      }
      if (!head) throw new Error(`no page at offset ${current.nextOffset} of ${source.total}`);
      current = await head.page;
      ms.waitingForRecords += performance.now() - t1;
    }
    const t2 = performance.now();
    await writer.end();
    await sink.end();
    ms.writing += performance.now() - t2;
    await this.bus.request(ExportSourceSubjects.close, { cursorId: source.cursorId }, at).catch(() => undefined);
    return { rows, size: counted.bytes, storedSize: stored.bytes, total: source.total, waitingForRecordsMs: Math.round(ms.waitingForRecords), writingMs: Math.round(ms.writing) };
  }

  private page(cursorId: string, offset: number, at: InProject): Promise<Page> {
    return this.bus.request(ExportSourceSubjects.page, { cursorId, offset, limit: PAGE_ROWS }, at);
  }

  private async heuristicNames(source: ExportSourceOpened, at: InProject): Promise<Map<string, string>> {
    if (!source.tasks.some((t) => t.heuristicIds.length)) return new Map();
    const { heuristics } = await this.bus.request(HeuristicSubjects.list, {}, at);
    return new Map(heuristics.map((h) => [h.id, h.name]));
  }

  /**
   * The last export per project: finished exports created before this one (just written) go; if a
   * newer one finished first, this one goes instead (answers true).
   */
  private async keepNewest(doc: RecordExportDoc): Promise<boolean> {
    const all = await this.exports.list(doc.projectId);
    const finished = all.filter((d) => d.state === 'DONE' || d.state === 'FAILED' || d._id === doc._id);
    const newest = finished.find((d) => d.state === 'DONE' || d._id === doc._id);
    for (const d of finished) {
      if (d._id === newest?._id) continue;
      if (d.fileId) await this.files.delete(d.projectId, d.fileId);
      await this.exports.delete(d._id);
    }
    return newest?._id !== doc._id;
  }

  private reporter(doc: RecordExportDoc, at: InProject, ctx: JobContext) {
    let lastEvent = 0;
    let lastStored = Date.now();
    return async (state: RecordExportState, done: number, total: number | null, force: boolean, error: string | null = null): Promise<void> => {
      const now = Date.now();
      if (!force && now - lastEvent < PROGRESS_EVERY_MS) return;
      lastEvent = now;
      const event = { exportId: doc._id, projectId: doc.projectId, state, done, total, error };
      this.bus.publish(RecordExportEvents.progress, event, at);
      await ctx.progress(event);
      if (state === 'RUNNING' && now - lastStored > STORE_PROGRESS_EVERY_MS) {
        lastStored = now;
        await this.exports.update(doc._id, { rows: done });
      }
    };
  }
}
