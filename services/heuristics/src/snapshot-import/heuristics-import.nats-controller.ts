import { Controller, Inject } from '@nestjs/common';
import { HeuristicsSnapshotSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { HeuristicsImportService } from './heuristics-import.service.js';

type S = typeof HeuristicsSnapshotSubjects;

@Controller()
export class HeuristicsImportNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(HeuristicsImportService) private readonly imports: HeuristicsImportService,
  ) {}

  @NatsRequestHandler(HeuristicsSnapshotSubjects.apply)
  async apply(env: Envelope<RequestOf<S['apply']>>): Promise<ReplyOf<S['apply']>> {
    return this.imports.apply(await this.access.require(env, 'write'), env.payload.lookupLists, env.payload.heuristics);
  }
}
