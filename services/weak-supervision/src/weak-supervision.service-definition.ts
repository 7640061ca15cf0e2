import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { WeakSupervisionModule } from './app.module.js';

export const weakSupervisionConfigSchema = configWithPort(3004);

/** How the weak-supervision service boots; shared by main.ts and the integration tests. */
export const weakSupervisionService: ServiceDefinition<typeof weakSupervisionConfigSchema> = {
  service: 'weak-supervision',
  module: WeakSupervisionModule,
  configSchema: weakSupervisionConfigSchema,
  jobs: [],
};
