import { Controller, Inject } from '@nestjs/common';
import { SessionSubjects, type Envelope, type LabelingSession, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { SessionsService } from './sessions.service.js';

type S = typeof SessionSubjects;

@Controller()
export class SessionsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  @NatsRequestHandler(SessionSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<LabelingSession> {
    return this.sessions.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(SessionSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.sessions.get(await this.access.require(env), env.payload.sessionId);
  }

  @NatsRequestHandler(SessionSubjects.move)
  async move(env: Envelope<RequestOf<S['move']>>): Promise<LabelingSession> {
    return this.sessions.move(await this.access.require(env), env.payload.sessionId, env.payload.to);
  }
}
