import { Controller, Inject } from '@nestjs/common';
import { WeakSupervisionRunSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { RunsService } from './runs.service.js';

type S = typeof WeakSupervisionRunSubjects;

@Controller()
export class RunsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(RunsService) private readonly runs: RunsService,
  ) {}

  @NatsRequestHandler(WeakSupervisionRunSubjects.start)
  async start(env: Envelope<RequestOf<S['start']>>): Promise<ReplyOf<S['start']>> {
    return this.runs.start(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(WeakSupervisionRunSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.runs.get(await this.access.require(env, 'read'), env.payload.runId);
  }

  @NatsRequestHandler(WeakSupervisionRunSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { runs: await this.runs.list(await this.access.require(env, 'read'), env.payload.taskId, env.payload.limit) };
  }
}
