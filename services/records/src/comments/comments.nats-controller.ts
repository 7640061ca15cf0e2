import { Controller, Inject } from '@nestjs/common';
import { CommentSubjects, type Comment, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { CommentsService } from './comments.service.js';

type S = typeof CommentSubjects;

@Controller()
export class CommentsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(CommentsService) private readonly comments: CommentsService,
  ) {}

  @NatsRequestHandler(CommentSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<Comment> {
    return this.comments.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(CommentSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<Comment> {
    return this.comments.update(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(CommentSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.comments.delete(await this.access.require(env), env.payload.commentId);
    return { deleted: true };
  }

  @NatsRequestHandler(CommentSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { comments: await this.comments.list(await this.access.require(env), env.payload) };
  }
}
