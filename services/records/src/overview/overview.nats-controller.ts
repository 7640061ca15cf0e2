import { Controller, Inject } from '@nestjs/common';
import { OverviewSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { OverviewService } from './overview.service.js';

type S = typeof OverviewSubjects;

@Controller()
export class OverviewNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(OverviewService) private readonly overview: OverviewService,
  ) {}

  @NatsRequestHandler(OverviewSubjects.task)
  async task(env: Envelope<RequestOf<S['task']>>): Promise<ReplyOf<S['task']>> {
    return this.overview.task(await this.access.require(env), env.payload.taskId, env.payload.sliceId);
  }
}
