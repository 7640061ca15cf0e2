import { Global, Module } from '@nestjs/common';
import { CONFIG, EventPublisher } from '@refinery/server-kit';
import { EmbeddingRepository } from './embeddings/embedding.repository.js';
import { EmbeddingsService } from './embeddings/embeddings.service.js';
import { createVectorIndex } from './index/vector-index.factory.js';
import { VECTOR_INDEX } from './index/vector-index.port.js';
import { ModelRegistry } from './models/model-registry.js';
import { MODEL_PROVIDERS, pluggedModelProviders } from './models/model-providers.js';
import { BatchMarkRepository } from './runs/batch-mark.repository.js';
import { BatchQueue } from './runs/batch-queue.js';
import { EmbedderRuntime } from './runs/embedder-runtime.js';
import { EmbedderStateRepository } from './runs/embedder-state.repository.js';
import { EmbeddingRunner } from './runs/embedding-runner.service.js';
import type { EmbeddingsConfig } from './shared/embeddings-config.js';
import { ProjectAccessService } from './shared/project-access.service.js';
import { RecordsClient } from './shared/records-client.js';
import { EmbeddingVectorsService } from './similarity/embedding-vectors.service.js';
import { VectorPageRepository } from './vectors/vector-page.repository.js';
import { VectorSetCache } from './vectors/vector-set.cache.js';

/** What the features share: repositories, models, the run machinery, the vector index. */
const shared = [
  EmbeddingRepository,
  VectorPageRepository,
  BatchMarkRepository,
  EmbedderStateRepository,
  EventPublisher,
  ProjectAccessService,
  RecordsClient,
  ModelRegistry,
  EmbedderRuntime,
  BatchQueue,
  EmbeddingRunner,
  EmbeddingsService,
  VectorSetCache,
  EmbeddingVectorsService,
];

@Global()
@Module({
  providers: [
    ...shared,
    { provide: MODEL_PROVIDERS, useFactory: (config: EmbeddingsConfig) => pluggedModelProviders(config), inject: [CONFIG] },
    { provide: VECTOR_INDEX, useFactory: (config: EmbeddingsConfig) => createVectorIndex(config), inject: [CONFIG] },
  ],
  exports: [...shared, VECTOR_INDEX],
})
export class CoreModule {}
