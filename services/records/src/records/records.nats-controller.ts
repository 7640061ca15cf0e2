import { Controller, Inject } from '@nestjs/common';
import { RecordSubjects, type Envelope, type RecordView, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { RecordsService } from './records.service.js';

type S = typeof RecordSubjects;

@Controller()
export class RecordsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(RecordsService) private readonly records: RecordsService,
  ) {}

  @NatsRequestHandler(RecordSubjects.add)
  async add(env: Envelope<RequestOf<S['add']>>): Promise<ReplyOf<S['add']>> {
    const { generation, created, updated } = await this.records.add(await this.access.require(env), env.payload.records);
    return { generation, created, updated };
  }

  @NatsRequestHandler(RecordSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<RecordView> {
    return this.records.get(await this.access.require(env), env.payload.recordId, env.payload.withTokens);
  }

  @NatsRequestHandler(RecordSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return this.records.list(await this.access.require(env), env.payload.afterSeq, env.payload.limit, env.payload.withTokens);
  }

  @NatsRequestHandler(RecordSubjects.sample)
  async sample(env: Envelope<RequestOf<S['sample']>>): Promise<ReplyOf<S['sample']>> {
    return { records: await this.records.sample(await this.access.require(env), env.payload.n, env.payload.seed, env.payload.withTokens) };
  }

  @NatsRequestHandler(RecordSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<ReplyOf<S['update']>> {
    return this.records.update(await this.access.require(env), env.payload.updates);
  }

  @NatsRequestHandler(RecordSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    return this.records.delete(await this.access.require(env), env.payload.recordIds);
  }
}
