import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { ErrorCode, ProjectSnapshotExportResult, ProjectSnapshotImportResult } from '@refinery/contracts';
import { OnJob } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import { ExportProjectSnapshotJob } from './jobs/export-project-snapshot.job.js';
import { ImportProjectSnapshotJob } from './jobs/import-project-snapshot.job.js';
import { ProjectSnapshotExportService } from './project-snapshot-export.service.js';
import { ProjectSnapshotImportService } from './project-snapshot-import.service.js';

/**
 * What a job returns: a caller's error (bad archive, wrong password, name taken, a part's service
 * not answering) is a result, not a job failure, so the request answers with its code.
 */
export type JobOutcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

const CALLER_ERRORS: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'LIMIT_EXCEEDED', 'UNAVAILABLE']);

async function outcome<T>(work: () => Promise<T>): Promise<JobOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && CALLER_ERRORS.has(e.code)) return { ok: false, code: e.code as ErrorCode, message: String(e.message) };
    throw error;
  }
}

@Injectable()
export class ProjectSnapshotRunner {
  constructor(
    @Inject(ProjectSnapshotExportService) private readonly exports: ProjectSnapshotExportService,
    @Inject(ProjectSnapshotImportService) private readonly imports: ProjectSnapshotImportService,
  ) {}

  @OnJob(ExportProjectSnapshotJob)
  export(payload: z.infer<typeof ExportProjectSnapshotJob.payload>, ctx: JobContext): Promise<JobOutcome<Omit<ProjectSnapshotExportResult, 'jobId'>>> {
    return outcome(() => this.exports.run({ ...payload, jobId: ctx.id, onProgress: (p) => ctx.progress(p) }));
  }

  @OnJob(ImportProjectSnapshotJob)
  import(payload: z.infer<typeof ImportProjectSnapshotJob.payload>, ctx: JobContext): Promise<JobOutcome<Omit<ProjectSnapshotImportResult, 'jobId'>>> {
    return outcome(() => this.imports.run({ ...payload, jobId: ctx.id, onProgress: (p) => ctx.progress(p) }));
  }
}
