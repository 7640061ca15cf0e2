import { configWithPort } from '@refinery/server-core';
import type { ServiceDefinition } from '@refinery/server-kit';
import { EmbeddingsModule } from './app.module.js';

export const embeddingsConfigSchema = configWithPort(3002);

/** How the embeddings service boots; shared by main.ts and the integration tests. */
export const embeddingsService: ServiceDefinition<typeof embeddingsConfigSchema> = {
  service: 'embeddings',
  module: EmbeddingsModule,
  configSchema: embeddingsConfigSchema,
  jobs: [],
};
