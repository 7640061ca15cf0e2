import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { HeuristicsModule } from './app.module.js';

export const heuristicsConfigSchema = configWithPort(3003);

/** How the heuristics service boots; shared by main.ts and the integration tests. */
export const heuristicsService: ServiceDefinition<typeof heuristicsConfigSchema> = {
  service: 'heuristics',
  module: HeuristicsModule,
  configSchema: heuristicsConfigSchema,
  jobs: [],
};
