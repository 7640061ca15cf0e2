import { Controller, Inject } from '@nestjs/common';
import { EmbeddingSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { EmbeddingsService } from './embeddings.service.js';

type S = typeof EmbeddingSubjects;

@Controller()
export class EmbeddingsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(EmbeddingsService) private readonly embeddings: EmbeddingsService,
  ) {}

  @NatsRequestHandler(EmbeddingSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<ReplyOf<S['create']>> {
    return this.embeddings.create(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(EmbeddingSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { embeddings: await this.embeddings.list(await this.access.require(env, 'read')) };
  }

  @NatsRequestHandler(EmbeddingSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.embeddings.get(await this.access.require(env, 'read'), env.payload.embeddingId);
  }

  @NatsRequestHandler(EmbeddingSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    return this.embeddings.delete(await this.access.require(env, 'write'), env.payload.embeddingId);
  }

  @NatsRequestHandler(EmbeddingSubjects.refresh)
  async refresh(env: Envelope<RequestOf<S['refresh']>>): Promise<ReplyOf<S['refresh']>> {
    return this.embeddings.refresh(await this.access.require(env, 'write'), env.payload.embeddingId);
  }
}
