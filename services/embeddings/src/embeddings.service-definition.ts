import type { ServiceDefinition } from '@refinery/server-kit';
import { EmbeddingsModule } from './app.module.js';
import { PurgeProjectJob } from './projects/purge-project.job.js';
import { FitEmbeddingJob } from './runs/jobs/fit-embedding.job.js';
import { SyncEmbeddingJob } from './runs/jobs/sync-embedding.job.js';
import { embeddingsConfigSchema } from './shared/embeddings-config.js';

export { embeddingsConfigSchema } from './shared/embeddings-config.js';
export type { EmbeddingModel, ModelProvider } from './models/model-provider.js';

/**
 * How the embeddings service boots; shared by main.ts and the integration tests. Batch jobs run on
 * their own queue (`embeddings-batches`, see runs/batch-queue.ts), so they are not listed here.
 */
export const embeddingsService: ServiceDefinition<typeof embeddingsConfigSchema> = {
  service: 'embeddings',
  module: EmbeddingsModule,
  configSchema: embeddingsConfigSchema,
  jobs: [FitEmbeddingJob, SyncEmbeddingJob, PurgeProjectJob],
};
