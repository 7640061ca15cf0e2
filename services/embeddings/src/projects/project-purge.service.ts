import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { LOGGER, OnJob } from '@refinery/server-kit';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { PurgeProjectJob } from './purge-project.job.js';

/** Deletes this service's data of a deleted project (idempotent, so retries are safe). */
@Injectable()
export class ProjectPurgeService {
  constructor(
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(EmbeddingsService) private readonly definitions: EmbeddingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(PurgeProjectJob)
  async purge(payload: { projectId: string }): Promise<{ embeddings: number }> {
    // Named by the records service's deletion event: records already removed the project itself.
    const projectId = trustedProjectId(payload.projectId);
    const docs = await this.embeddings.list(projectId);
    for (const d of docs) {
      await this.embeddings.remove(projectId, d._id);
      await this.definitions.removeData({ projectId }, d._id);
    }
    this.logger.info({ projectId, embeddings: docs.length }, 'project embeddings purged');
    return { embeddings: docs.length };
  }
}
