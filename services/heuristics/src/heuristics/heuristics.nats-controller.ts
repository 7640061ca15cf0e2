import { Controller, Inject } from '@nestjs/common';
import { HeuristicSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { ActiveLearnersService } from '../active-learners/active-learners.service.js';
import { HeuristicsService } from './heuristics.service.js';

type S = typeof HeuristicSubjects;

@Controller()
export class HeuristicsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(HeuristicsService) private readonly heuristics: HeuristicsService,
    @Inject(ActiveLearnersService) private readonly learners: ActiveLearnersService,
  ) {}

  @NatsRequestHandler(HeuristicSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<ReplyOf<S['create']>> {
    return this.heuristics.create(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(HeuristicSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { heuristics: await this.heuristics.list(await this.access.require(env, 'read'), env.payload.taskId) };
  }

  @NatsRequestHandler(HeuristicSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.heuristics.get(await this.access.require(env, 'read'), env.payload.heuristicId);
  }

  @NatsRequestHandler(HeuristicSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<ReplyOf<S['update']>> {
    const { heuristicId, config, ...changes } = env.payload;
    const scope = await this.access.require(env, 'write');
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const learner = config !== undefined ? await this.learners.reconfigure(scope, heuristicId, config) : undefined;
    return this.heuristics.update(scope, heuristicId, defined, learner);
  }

  @NatsRequestHandler(HeuristicSubjects.createActiveLearner)
  async createActiveLearner(env: Envelope<RequestOf<S['createActiveLearner']>>): Promise<ReplyOf<S['createActiveLearner']>> {
    return this.learners.create(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(HeuristicSubjects.learnerTrainingRecords)
  async learnerTrainingRecords(env: Envelope<RequestOf<S['learnerTrainingRecords']>>): Promise<ReplyOf<S['learnerTrainingRecords']>> {
    return { learners: await this.learners.trainingRecords(await this.access.require(env, 'read'), env.payload.taskId) };
  }

  @NatsRequestHandler(HeuristicSubjects.select)
  async select(env: Envelope<RequestOf<S['select']>>): Promise<ReplyOf<S['select']>> {
    return { heuristics: await this.heuristics.select(await this.access.require(env, 'write'), env.payload.heuristicIds, env.payload.selected) };
  }

  @NatsRequestHandler(HeuristicSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.heuristics.delete(await this.access.require(env, 'write'), env.payload.heuristicId);
    return { deleted: true };
  }
}
