import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';
import { EmbeddingsNatsController } from './embeddings/embeddings.nats-controller.js';
import { ProjectEventsNatsController } from './projects/project-events.nats-controller.js';
import { ProjectPurgeService } from './projects/project-purge.service.js';
import { EmbeddingsSnapshotModule } from './project-snapshot/project-snapshot.module.js';
import { SimilarityService } from './similarity/similarity.service.js';
import { SimilarityNatsController } from './similarity/similarity.nats-controller.js';
import { VectorsService } from './vectors/vectors.service.js';

/** The embeddings service's features. */
@Module({
  imports: [CoreModule, EmbeddingsSnapshotModule],
  controllers: [EmbeddingsNatsController, SimilarityNatsController, ProjectEventsNatsController],
  providers: [SimilarityService, VectorsService, ProjectPurgeService],
})
export class EmbeddingsModule {}
