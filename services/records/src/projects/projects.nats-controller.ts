import { Controller, Inject } from '@nestjs/common';
import { ProjectSubjects, type Envelope, type Project, type ProjectDetails, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from './project-access.service.js';
import { ProjectsService } from './projects.service.js';

type S = typeof ProjectSubjects;

@Controller()
export class ProjectsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(ProjectsService) private readonly projects: ProjectsService,
  ) {}

  @NatsRequestHandler(ProjectSubjects.create)
  create(env: Envelope<RequestOf<S['create']>>): Promise<Project> {
    return this.projects.create(env.actor, env.payload);
  }

  @NatsRequestHandler(ProjectSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { projects: await this.projects.list(env.actor) };
  }

  @NatsRequestHandler(ProjectSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ProjectDetails> {
    return this.projects.get(await this.access.require(env));
  }

  @NatsRequestHandler(ProjectSubjects.rename)
  async rename(env: Envelope<RequestOf<S['rename']>>): Promise<Project> {
    return this.projects.update(await this.access.require(env), { name: env.payload.name });
  }

  @NatsRequestHandler(ProjectSubjects.describe)
  async describe(env: Envelope<RequestOf<S['describe']>>): Promise<Project> {
    return this.projects.update(await this.access.require(env), { description: env.payload.description });
  }

  @NatsRequestHandler(ProjectSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.projects.delete(await this.access.require(env));
    return { deleted: true };
  }
}
