import { Controller, Inject } from '@nestjs/common';
import { TaskSubjects, type Envelope, type LabelingTask, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { TasksService } from './tasks.service.js';

type S = typeof TaskSubjects;

@Controller()
export class TasksNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(TasksService) private readonly tasks: TasksService,
  ) {}

  @NatsRequestHandler(TaskSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<LabelingTask> {
    return this.tasks.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(TaskSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { tasks: await this.tasks.list(await this.access.require(env)) };
  }

  @NatsRequestHandler(TaskSubjects.rename)
  async rename(env: Envelope<RequestOf<S['rename']>>): Promise<LabelingTask> {
    return this.tasks.rename(await this.access.require(env), env.payload.taskId, env.payload.name);
  }

  @NatsRequestHandler(TaskSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    return this.tasks.delete(await this.access.require(env), env.payload.taskId);
  }
}
