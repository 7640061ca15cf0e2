import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { LOGGER, OnJob } from '@refinery/server-kit';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { UploadChunkRepository } from '../uploads/upload-chunk.repository.js';
import { UploadRepository } from '../uploads/upload.repository.js';
import { PurgeProjectJob } from './jobs/purge-project.job.js';

/** Deletes a deleted project's data, collection by collection (idempotent, so retries are safe). */
@Injectable()
export class ProjectPurgeService {
  private readonly repositories: { name: string; purge: (id: ReturnType<typeof trustedProjectId>) => Promise<number> }[];

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ProjectStore) store: ProjectStore,
    @Inject(AttributeRepository) attributes: AttributeRepository,
    @Inject(TaskRepository) tasks: TaskRepository,
    @Inject(LabelRepository) labels: LabelRepository,
    @Inject(SessionRepository) sessions: SessionRepository,
    @Inject(CommentRepository) comments: CommentRepository,
    @Inject(UploadRepository) uploads: UploadRepository,
    @Inject(UploadChunkRepository) chunks: UploadChunkRepository,
  ) {
    // Records, labels, outputs and generation pointers live in the project's own collections.
    const records = { purge: async (id: ReturnType<typeof trustedProjectId>) => (await store.drop(id), 1) };
    const all = { records, attributes, tasks, labels, sessions, comments, uploads, chunks };
    this.repositories = Object.entries(all).map(([name, repo]) => ({ name, purge: (id) => repo.purge(id) }));
  }

  @OnJob(PurgeProjectJob)
  async purge(payload: { projectId: string }): Promise<Record<string, number>> {
    // The project document is already gone: this id was checked when the deletion was accepted.
    const projectId = trustedProjectId(payload.projectId);
    const removed: Record<string, number> = {};
    for (const repo of this.repositories) removed[repo.name] = await repo.purge(projectId);
    this.logger.info({ projectId, removed }, 'project data purged');
    return removed;
  }
}
