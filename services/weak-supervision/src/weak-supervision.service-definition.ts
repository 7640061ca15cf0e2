import type { ServiceDefinition } from '@refinery/server-kit';
import { WeakSupervisionModule } from './app.module.js';
import { PurgeProjectJob } from './projects/jobs/purge-project.job.js';
import { RunWeakSupervisionJob } from './runs/jobs/run-weak-supervision.job.js';
import { weakSupervisionConfigSchema } from './shared/weak-supervision-config.js';
import { ComputeStatisticsJob } from './statistics/jobs/compute-statistics.job.js';

export { weakSupervisionConfigSchema } from './shared/weak-supervision-config.js';

/** How the weak-supervision service boots; shared by main.ts and the integration tests. */
export const weakSupervisionService: ServiceDefinition<typeof weakSupervisionConfigSchema> = {
  service: 'weak-supervision',
  module: WeakSupervisionModule,
  configSchema: weakSupervisionConfigSchema,
  jobs: [RunWeakSupervisionJob, ComputeStatisticsJob, PurgeProjectJob],
};
