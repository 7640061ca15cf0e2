import type { ServiceDefinition } from '@refinery/server-kit';
import { RecordsModule } from './app.module.js';
import { PurgeProjectJob } from './projects/jobs/purge-project.job.js';
import { recordsConfigSchema } from './shared/records-config.js';
import { ImportRecordsJob } from './uploads/jobs/import-records.job.js';

export { recordsConfigSchema } from './shared/records-config.js';

/** How the records service boots; shared by main.ts and the integration tests. */
export const recordsService: ServiceDefinition<typeof recordsConfigSchema> = {
  service: 'records',
  module: RecordsModule,
  configSchema: recordsConfigSchema,
  jobs: [ImportRecordsJob, PurgeProjectJob],
};
