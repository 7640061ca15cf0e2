import { Controller, Inject } from '@nestjs/common';
import { SnapshotImportSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { SnapshotImportService } from './snapshot-import.service.js';
import { SnapshotPagesService } from './snapshot-pages.service.js';

type S = typeof SnapshotImportSubjects;

@Controller()
export class SnapshotImportNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(SnapshotImportService) private readonly imports: SnapshotImportService,
    @Inject(SnapshotPagesService) private readonly pages: SnapshotPagesService,
  ) {}

  @NatsRequestHandler(SnapshotImportSubjects.begin)
  begin(env: Envelope<RequestOf<S['begin']>>): Promise<ReplyOf<S['begin']>> {
    return this.imports.begin(env.actor, env.payload);
  }

  @NatsRequestHandler(SnapshotImportSubjects.recordsPage)
  async recordsPage(env: Envelope<RequestOf<S['recordsPage']>>): Promise<ReplyOf<S['recordsPage']>> {
    const { generation, offset, records } = env.payload;
    return { recordIds: await this.pages.addRecords(await this.access.require(env), generation, offset, records) };
  }

  @NatsRequestHandler(SnapshotImportSubjects.commit)
  async commit(env: Envelope<RequestOf<S['commit']>>): Promise<ReplyOf<S['commit']>> {
    return this.imports.commit(await this.access.require(env), env.payload.generation, env.payload.sources);
  }

  @NatsRequestHandler(SnapshotImportSubjects.abort)
  async abort(env: Envelope<RequestOf<S['abort']>>): Promise<ReplyOf<S['abort']>> {
    await this.imports.abort(await this.access.require(env));
    return { removed: true };
  }
}
