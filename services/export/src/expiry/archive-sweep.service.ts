import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, OnJob } from '@refinery/server-kit';
import { ArchiveReaper, type ArchivesRemoved } from '../project-snapshots/archive-reaper.js';
import { ArchiveUploads, type UploadsRemoved } from '../project-snapshots/archive-uploads.js';
import { ArchiveWrites, type PartialWritesRemoved } from '../project-snapshots/archive-writes.js';
import { RecordExportReaper, type RecordExportsRemoved } from '../record-exports/record-export-reaper.js';
import type { ExportConfig } from '../shared/export-config.js';
import { expiryCutoff, expiryPolicy, type ExpiryPolicy } from './expiry-policy.js';
import { SweepExpiredArchivesJob } from './jobs/sweep-expired-archives.job.js';

/** What one sweep removed (counts and bytes only: no names, no owners). */
export interface SweepReport {
  snapshotArchives: ArchivesRemoved;
  abandonedUploads: UploadsRemoved;
  unfinishedWrites: PartialWritesRemoved;
  recordExports: RecordExportsRemoved;
  durationMs: number;
}

/**
 * The expiry sweep: every kind of stored file the export service keeps, each removed by its
 * owner's reaper under the lifetimes of the configuration. Every step is idempotent and claims
 * before it deletes, so sweeps running at once on several replicas remove each thing once.
 */
@Injectable()
export class ArchiveSweepService {
  private readonly policy: ExpiryPolicy;

  constructor(
    @Inject(CONFIG) config: ExportConfig,
    @Inject(ArchiveReaper) private readonly archives: ArchiveReaper,
    @Inject(ArchiveUploads) private readonly uploads: ArchiveUploads,
    @Inject(ArchiveWrites) private readonly writes: ArchiveWrites,
    @Inject(RecordExportReaper) private readonly recordExports: RecordExportReaper,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = expiryPolicy(config);
  }

  @OnJob(SweepExpiredArchivesJob)
  run(): Promise<SweepReport> {
    return this.sweep(new Date());
  }

  async sweep(now: Date): Promise<SweepReport> {
    const t0 = performance.now();
    const upload = expiryCutoff(now, this.policy.uploadTtlMs);
    const archive = expiryCutoff(now, this.policy.archiveTtlMs);
    const report: SweepReport = {
      snapshotArchives: await this.archives.removeExpired(now, { upload, archive }),
      abandonedUploads: await this.uploads.removeAbandoned(upload),
      unfinishedWrites: await this.writes.removeStale(now, upload),
      recordExports: await this.recordExports.removeExpired(now, archive),
      durationMs: 0,
    };
    report.durationMs = Math.round(performance.now() - t0);
    const anything = report.snapshotArchives.uploads + report.snapshotArchives.exports + report.abandonedUploads.chunks + report.unfinishedWrites.writes + report.recordExports.exports > 0;
    if (anything) this.logger.info({ ...report, bytes: report.snapshotArchives.bytes + report.abandonedUploads.bytes + report.recordExports.bytes }, 'expired archives removed');
    else this.logger.debug({ durationMs: report.durationMs }, 'expiry sweep: nothing expired');
    return report;
  }
}
