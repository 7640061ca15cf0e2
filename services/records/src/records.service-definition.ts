import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { RecordsModule } from './app.module.js';

export const recordsConfigSchema = configWithPort(3001);

/** How the records service boots; shared by main.ts and the integration tests. */
export const recordsService: ServiceDefinition<typeof recordsConfigSchema> = {
  service: 'records',
  module: RecordsModule,
  configSchema: recordsConfigSchema,
  jobs: [],
};
