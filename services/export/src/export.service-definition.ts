import type { ServiceDefinition } from '@refinery/server-kit';
import { ExportModule } from './app.module.js';
import { SweepExpiredArchivesJob } from './expiry/jobs/sweep-expired-archives.job.js';
import { projectSnapshotJobs } from './project-snapshots/jobs/project-snapshot-jobs.js';
import { PrepareRecordExportJob } from './record-exports/jobs/prepare-record-export.job.js';
import { exportConfigSchema } from './shared/export-config.js';
import { ImportRefinerySnapshotJob } from './snapshots/jobs/import-refinery-snapshot.job.js';

export { exportConfigSchema } from './shared/export-config.js';

/** How the export service boots; shared by main.ts and the integration tests. */
export const exportService: ServiceDefinition<typeof exportConfigSchema> = {
  service: 'export',
  module: ExportModule,
  configSchema: exportConfigSchema,
  jobs: [ImportRefinerySnapshotJob, PrepareRecordExportJob, ...projectSnapshotJobs, SweepExpiredArchivesJob],
};
