import { Inject, Injectable } from '@nestjs/common';
import { AttributeName, UploadEvents, type Actor, type UploadProblem, type UploadResult } from '@refinery/contracts';
import { IngestError, inferSchema, parseRows, type IngestSchema } from '@refinery/ingest';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, OnJob, EventPublisher } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import type { AttributeDoc } from '../attributes/attribute.schema.js';
import { AttributesService } from '../attributes/attributes.service.js';
import { RecordReader } from '../records/record-reader.service.js';
import { RecordWriter } from '../records/record-writer.service.js';
import { trustedProjectId, type ProjectId } from '../shared/project-scope.js';
import type { RecordsConfig } from '../shared/records-config.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelsService } from '../tasks/labels.service.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { ingestOptions, toUploadProblem } from './ingest-options.js';
import { ImportRecordsJob } from './jobs/import-records.job.js';
import { LabelImport, type ImportRow } from './label-import.js';
import { UploadChunkRepository } from './upload-chunk.repository.js';
import { UploadRepository } from './upload.repository.js';
import type { UploadDoc } from './upload.schema.js';

const RUNNING_ID = 'running_id';
const PROGRESS_INTERVAL_MS = 250;

/** The import job: two ingest passes over the stored chunks, one records generation. */
@Injectable()
export class RecordImportService {
  constructor(
    @Inject(UploadRepository) private readonly uploads: UploadRepository,
    @Inject(UploadChunkRepository) private readonly chunks: UploadChunkRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(AttributesService) private readonly attributesService: AttributesService,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(LabelsService) private readonly labelsService: LabelsService,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(RecordWriter) private readonly writer: RecordWriter,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: RecordsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(ImportRecordsJob)
  async run(payload: { projectId: string; uploadId: string; actor?: Actor | undefined }, ctx: JobContext): Promise<UploadResult | null> {
    // Enqueued after the access check of the commit.
    const projectId = trustedProjectId(payload.projectId);
    const upload = await this.uploads.findById(projectId, payload.uploadId);
    if (!upload || upload.state === 'COMPLETED' || upload.state === 'FAILED') return upload?.result ?? null;
    await this.uploads.transition(projectId, upload._id, ['QUEUED', 'RUNNING'], 'RUNNING');
    try {
      const result = await this.import(projectId, upload);
      await this.uploads.complete(projectId, upload._id, result);
      await this.chunks.deleteOf(projectId, upload._id);
      this.events.publish(UploadEvents.completed, projectId, { projectId, uploadId: upload._id, result }, payload.actor);
      return result;
    } catch (error) {
      const problems = problemsOf(error);
      // Bad input fails for good; anything else is retried until the last attempt.
      if (!problems && ctx.attempt < ImportRecordsJob.attempts) throw error;
      const reported = problems ?? [{ code: 'INTERNAL', message: `the import failed: ${error instanceof Error ? error.message : String(error)}` }];
      await this.uploads.fail(projectId, upload._id, reported);
      await this.chunks.deleteOf(projectId, upload._id);
      this.events.publish(UploadEvents.failed, projectId, {
        projectId,
        uploadId: upload._id,
        message: reported[0]?.message ?? 'the upload was rejected',
        problems: reported.slice(0, 1_000),
      }, payload.actor);
      if (!problems) throw error;
      this.logger.info({ uploadId: upload._id, problems: reported.length }, 'upload rejected');
      return null;
    }
  }

  private async import(projectId: ProjectId, upload: UploadDoc): Promise<UploadResult> {
    // Computed attributes are not part of a file's schema (their values survive a re-upload).
    const existing = (await this.attributes.list(projectId)).filter((a) => a.origin !== 'COMPUTED');
    const runningIdStart = existing.some((a) => a.name === RUNNING_ID) ? (await this.records.maxRunningId(projectId)) + 1 : 0;
    const opts = ingestOptions(upload, this.config, existing, runningIdStart);
    const totalBytes = upload.receivedBytes;
    const progress = this.progress(projectId, upload._id, totalBytes);
    await progress('inferring', 0, 0, true);
    const { schema, problems: skippedInPass1 } = await inferSchema(this.chunks.stream(projectId, upload._id, upload.chunks), opts);

    const created = existing.length ? [] : await this.createAttributes(projectId, schema);
    const attributes = existing.length ? existing : created;
    const labelImport = new LabelImport(
      { tasks: this.tasks, labels: this.labels, labelsService: this.labelsService, store: this.store },
      projectId,
      upload.userId,
    );
    try {
      await labelImport.prepare(schema.columns.flatMap((c) => (c.label ? [c.label] : [])), attributes);
      let bytesRead = 0;
      const source = this.chunks.stream(projectId, upload._id, upload.chunks);
      const rows = async function* (): AsyncGenerator<ImportRow[]> {
        for await (const batch of parseRows(source, schema, { ...opts, batchSize: 1_000 })) {
          bytesRead = batch.bytesRead;
          yield batch.rows;
        }
      };
      const written = await this.writer.write(projectId, rows(), {
        lenient: upload.options.lenient,
        onBatch: (batch, generation) => labelImport.write(batch, generation),
        onProgress: (phase, n) => progress(phase, n, bytesRead, phase === 'committing'),
      });
      const skipped = [...skippedInPass1.map(toUploadProblem), ...written.skipped];
      return {
        generation: written.generation,
        created: written.created,
        updated: written.updated,
        skipped: skipped.slice(0, 1_000),
        skippedCount: skippedInPass1.length + written.skippedCount,
        labelsImported: labelImport.imported,
      };
    } catch (error) {
      // Nothing of a failed upload stays: its generation is gone; so are the tasks and (for a
      // first upload) the attributes it created.
      for (const taskId of labelImport.createdTaskIds) {
        await this.labels.deleteOfTask(projectId, taskId);
        await this.tasks.delete(projectId, taskId);
      }
      if (created.length && (await this.records.count(projectId)) === 0) {
        for (const a of created) await this.attributes.deleteOne(projectId, a._id);
      }
      throw error;
    }
  }

  private async createAttributes(projectId: ProjectId, schema: IngestSchema): Promise<AttributeDoc[]> {
    const columns = schema.columns.filter((c) => !c.label).sort((a, b) => a.position - b.position);
    for (const c of columns) {
      const check = AttributeName.safeParse(c.name);
      if (!check.success) {
        throw new IngestError([{ code: 'INVALID_VALUE', column: c.name, message: `column "${c.name}" cannot be an attribute name: ${check.error.issues[0]?.message ?? 'invalid'}` }]);
      }
    }
    return this.attributesService.createMany(
      projectId,
      columns.map((c) => ({ name: c.name, dataType: c.dataType, isPrimaryKey: schema.primaryKey.includes(c.name), visible: true })),
    );
  }

  private progress(projectId: string, uploadId: string, totalBytes: number) {
    let last = 0;
    return async (phase: 'inferring' | 'writing' | 'copying' | 'committing', rows: number, bytesRead: number, force = false) => {
      const now = Date.now();
      if (!force && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.events.publish(UploadEvents.progress, projectId, { projectId, uploadId, phase, rows, bytesRead, totalBytes });
    };
  }
}

function problemsOf(error: unknown): UploadProblem[] | null {
  if (error instanceof IngestError) return error.problems.map(toUploadProblem);
  if (error instanceof AppError && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
    const details = error.details as { problems?: UploadProblem[] } | undefined;
    return details?.problems ?? [{ code: error.code, message: error.message }];
  }
  return null;
}
