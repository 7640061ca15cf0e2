import { Controller, Inject } from '@nestjs/common';
import { LabelSubjects, type Envelope, type Label, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { LabelsService } from './labels.service.js';

type S = typeof LabelSubjects;

@Controller()
export class LabelsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(LabelsService) private readonly labels: LabelsService,
  ) {}

  @NatsRequestHandler(LabelSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<Label> {
    const { taskId, ...input } = env.payload;
    return this.labels.create(await this.access.require(env), taskId, input);
  }

  @NatsRequestHandler(LabelSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<Label> {
    return this.labels.update(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(LabelSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    return this.labels.delete(await this.access.require(env), env.payload.labelId);
  }

  @NatsRequestHandler(LabelSubjects.reorder)
  async reorder(env: Envelope<RequestOf<S['reorder']>>): Promise<ReplyOf<S['reorder']>> {
    return { labels: await this.labels.reorder(await this.access.require(env), env.payload.taskId, env.payload.labelIds) };
  }
}
