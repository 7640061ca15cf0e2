import { Controller, Inject } from '@nestjs/common';
import { ProjectSnapshotPartSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { EmbeddingsPartExportService } from './embeddings-part-export.service.js';
import { EmbeddingsPartImportService } from './embeddings-part-import.service.js';

type S = typeof ProjectSnapshotPartSubjects.embeddings;

/** The embeddings part of project snapshots (the export service orchestrates). */
@Controller()
export class EmbeddingsSnapshotNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(EmbeddingsPartExportService) private readonly exports: EmbeddingsPartExportService,
    @Inject(EmbeddingsPartImportService) private readonly imports: EmbeddingsPartImportService,
  ) {}

  @NatsRequestHandler(ProjectSnapshotPartSubjects.embeddings.export)
  async export(env: Envelope<RequestOf<S['export']>>): Promise<ReplyOf<S['export']>> {
    return this.exports.page(await this.access.require(env, 'read'), env.payload.cursor, env.payload.includeVectors);
  }

  @NatsRequestHandler(ProjectSnapshotPartSubjects.embeddings.import)
  async import(env: Envelope<RequestOf<S['import']>>): Promise<ReplyOf<S['import']>> {
    const req = env.payload;
    // The records part created the project: the envelope names it from `begin` on.
    const scope = await this.access.require(env, 'write');
    switch (req.step) {
      case 'begin':
        return { projectId: scope.projectId, counts: {} };
      case 'page':
        await this.imports.page(scope, req);
        return { projectId: null, counts: {} };
      case 'commit':
        return { projectId: scope.projectId, counts: await this.imports.commit(scope) };
      case 'abort':
        await this.imports.abort(scope);
        return { projectId: null, counts: {} };
    }
  }
}
