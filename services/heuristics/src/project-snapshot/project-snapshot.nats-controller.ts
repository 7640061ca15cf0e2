import { Controller, Inject } from '@nestjs/common';
import { ProjectSnapshotPartSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { HeuristicsPartExportService } from './heuristics-part-export.service.js';
import { HeuristicsPartImportService } from './heuristics-part-import.service.js';

type S = typeof ProjectSnapshotPartSubjects.heuristics;

/** The heuristics part of project snapshots (the export service orchestrates). */
@Controller()
export class HeuristicsSnapshotNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(HeuristicsPartExportService) private readonly exports: HeuristicsPartExportService,
    @Inject(HeuristicsPartImportService) private readonly imports: HeuristicsPartImportService,
  ) {}

  @NatsRequestHandler(ProjectSnapshotPartSubjects.heuristics.export)
  async export(env: Envelope<RequestOf<S['export']>>): Promise<ReplyOf<S['export']>> {
    return this.exports.page(await this.access.require(env, 'read'), env.payload.cursor);
  }

  @NatsRequestHandler(ProjectSnapshotPartSubjects.heuristics.import)
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
        return { projectId: scope.projectId, counts: await this.imports.counts(scope) };
      case 'abort':
        await this.imports.abort(scope);
        return { projectId: null, counts: {} };
    }
  }
}
