import { Controller, Inject } from '@nestjs/common';
import { AttributeCalculationSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { AttributeCalculationsService } from './attribute-calculations.service.js';
import { CalculationRunsService } from './calculation-runs.service.js';

type S = typeof AttributeCalculationSubjects;

@Controller()
export class AttributeCalculationsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(AttributeCalculationsService) private readonly calculations: AttributeCalculationsService,
    @Inject(CalculationRunsService) private readonly runs: CalculationRunsService,
  ) {}

  @NatsRequestHandler(AttributeCalculationSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<ReplyOf<S['create']>> {
    return this.calculations.create(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(AttributeCalculationSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { calculations: await this.calculations.list(await this.access.require(env, 'read')) };
  }

  @NatsRequestHandler(AttributeCalculationSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.calculations.get(await this.access.require(env, 'read'), env.payload.calculationId);
  }

  @NatsRequestHandler(AttributeCalculationSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<ReplyOf<S['update']>> {
    const { calculationId, ...set } = env.payload;
    return this.calculations.update(await this.access.require(env, 'write'), calculationId, set);
  }

  @NatsRequestHandler(AttributeCalculationSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.calculations.delete(await this.access.require(env, 'write'), env.payload.calculationId);
    return { deleted: true };
  }

  @NatsRequestHandler(AttributeCalculationSubjects.runOnSample)
  async runOnSample(env: Envelope<RequestOf<S['runOnSample']>>): Promise<ReplyOf<S['runOnSample']>> {
    return this.calculations.runOnSample(await this.access.require(env, 'write'), env.payload.source, env.payload.n, env.payload.seed);
  }

  @NatsRequestHandler(AttributeCalculationSubjects.run)
  async run(env: Envelope<RequestOf<S['run']>>): Promise<ReplyOf<S['run']>> {
    return this.runs.start(await this.access.require(env, 'write'), env.payload.calculationId);
  }

  @NatsRequestHandler(AttributeCalculationSubjects.runs)
  async listRuns(env: Envelope<RequestOf<S['runs']>>): Promise<ReplyOf<S['runs']>> {
    return { runs: await this.runs.list(await this.access.require(env, 'read'), env.payload.calculationId, env.payload.limit) };
  }

  @NatsRequestHandler(AttributeCalculationSubjects.getRun)
  async getRun(env: Envelope<RequestOf<S['getRun']>>): Promise<ReplyOf<S['getRun']>> {
    return this.runs.get(await this.access.require(env, 'read'), env.payload.runId);
  }
}
