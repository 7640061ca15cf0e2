import { Controller, Inject } from '@nestjs/common';
import { ProjectSnapshotPartSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { RecordsPartExportService } from './records-part-export.service.js';
import { RecordsPartImportService } from './records-part-import.service.js';

type S = typeof ProjectSnapshotPartSubjects.records;

/** The records part of project snapshots (the export service orchestrates). */
@Controller()
export class ProjectSnapshotNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(RecordsPartExportService) private readonly exports: RecordsPartExportService,
    @Inject(RecordsPartImportService) private readonly imports: RecordsPartImportService,
  ) {}

  @NatsRequestHandler(ProjectSnapshotPartSubjects.records.export)
  async export(env: Envelope<RequestOf<S['export']>>): Promise<ReplyOf<S['export']>> {
    return this.exports.page(await this.access.require(env), env.payload.cursor);
  }

  @NatsRequestHandler(ProjectSnapshotPartSubjects.records.import)
  async import(env: Envelope<RequestOf<S['import']>>): Promise<ReplyOf<S['import']>> {
    const req = env.payload;
    // `begin` creates the project: there is none to check yet.
    if (req.step === 'begin') return { projectId: await this.imports.begin(env.actor, req.projectName), counts: {} };
    const scope = await this.access.require(env);
    switch (req.step) {
      case 'page':
        await this.imports.page(scope, req);
        return { projectId: null, counts: {} };
      case 'commit':
        return { projectId: scope.projectId, counts: await this.imports.commit(scope, req.importId) };
      case 'abort':
        await this.imports.abort(scope, req.importId);
        return { projectId: null, counts: {} };
    }
  }
}
