import { Module } from '@nestjs/common';
import { EmbeddingsPartExportService } from './embeddings-part-export.service.js';
import { EmbeddingsPartImportService } from './embeddings-part-import.service.js';
import { EmbeddingsSnapshotNatsController } from './project-snapshot.nats-controller.js';
import { SnapshotStatePartsRepository } from './snapshot-state-parts.repository.js';

/** The embeddings part of project snapshots: `embeddings.project-snapshot.export.v1` / `.import.v1`. */
@Module({
  controllers: [EmbeddingsSnapshotNatsController],
  providers: [EmbeddingsPartExportService, EmbeddingsPartImportService, SnapshotStatePartsRepository],
})
export class EmbeddingsSnapshotModule {}
