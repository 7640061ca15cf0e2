import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { ErrorCode } from '@refinery/contracts';
import { OnJob } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import { ImportRefinerySnapshotJob } from './jobs/import-refinery-snapshot.job.js';
import { RefineryImportService, type ImportOutput } from './refinery-import.service.js';

/**
 * What the job returns: bad input (missing sample, corrupt zip, name taken, …) is a result, not a
 * job failure, so the request handler can answer with the original error code.
 */
export type ImportJobResult = { ok: true; value: ImportOutput } | { ok: false; code: ErrorCode; message: string };

// UNAVAILABLE too: "no service answers heuristics.snapshot-import.apply.v1" tells the caller more than a failed job.
const CALLER_ERRORS: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'LIMIT_EXCEEDED', 'UNAVAILABLE']);

@Injectable()
export class RefineryImportRunner {
  constructor(@Inject(RefineryImportService) private readonly imports: RefineryImportService) {}

  @OnJob(ImportRefinerySnapshotJob)
  async run(payload: z.infer<typeof ImportRefinerySnapshotJob.payload>, ctx: JobContext): Promise<ImportJobResult> {
    try {
      const value = await this.imports.run({
        jobId: ctx.id,
        sampleId: payload.sampleId,
        name: payload.name,
        actor: payload.actor,
        onProgress: (p) => ctx.progress(p),
      });
      return { ok: true, value };
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      if (typeof e.code === 'string' && CALLER_ERRORS.has(e.code)) {
        return { ok: false, code: e.code as ErrorCode, message: String(e.message) };
      }
      throw error;
    }
  }
}
