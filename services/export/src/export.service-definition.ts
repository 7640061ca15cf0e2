import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { ExportModule } from './app.module.js';

export const exportConfigSchema = configWithPort(3005);

/** How the export service boots; shared by main.ts and the integration tests. */
export const exportService: ServiceDefinition<typeof exportConfigSchema> = {
  service: 'export',
  module: ExportModule,
  configSchema: exportConfigSchema,
  jobs: [],
};
