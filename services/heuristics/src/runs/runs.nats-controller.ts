import { Controller, Inject } from '@nestjs/common';
import { RunSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { RunsService } from './runs.service.js';

type S = typeof RunSubjects;

@Controller()
export class RunsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(RunsService) private readonly runs: RunsService,
  ) {}

  @NatsRequestHandler(RunSubjects.start)
  async start(env: Envelope<RequestOf<S['start']>>): Promise<ReplyOf<S['start']>> {
    return { runs: await this.runs.start(await this.access.require(env, 'write'), env.payload.heuristicIds) };
  }

  @NatsRequestHandler(RunSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { runs: await this.runs.list(await this.access.require(env, 'read'), env.payload.heuristicId, env.payload.limit) };
  }

  @NatsRequestHandler(RunSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.runs.get(await this.access.require(env, 'read'), env.payload.runId);
  }

  @NatsRequestHandler(RunSubjects.cancel)
  async cancel(env: Envelope<RequestOf<S['cancel']>>): Promise<ReplyOf<S['cancel']>> {
    return this.runs.cancel(await this.access.require(env, 'write'), env.payload.runId);
  }
}
