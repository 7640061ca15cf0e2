import { Controller, Inject } from '@nestjs/common';
import { SimilaritySubjects, VectorSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../shared/project-access.service.js';
import { VectorsService } from '../vectors/vectors.service.js';
import { SimilarityService } from './similarity.service.js';

type S = typeof SimilaritySubjects;
type V = typeof VectorSubjects;

@Controller()
export class SimilarityNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(SimilarityService) private readonly similarity: SimilarityService,
    @Inject(VectorsService) private readonly vectors: VectorsService,
  ) {}

  @NatsRequestHandler(SimilaritySubjects.find)
  async find(env: Envelope<RequestOf<S['find']>>): Promise<ReplyOf<S['find']>> {
    return this.similarity.find(await this.access.require(env, 'read'), env.payload);
  }

  @NatsRequestHandler(SimilaritySubjects.outliers)
  async outliers(env: Envelope<RequestOf<S['outliers']>>): Promise<ReplyOf<S['outliers']>> {
    return this.similarity.outlierScores(await this.access.require(env, 'read'), env.payload);
  }

  @NatsRequestHandler(VectorSubjects.get)
  async vectorsOf(env: Envelope<RequestOf<V['get']>>): Promise<ReplyOf<V['get']>> {
    return this.vectors.get(await this.access.require(env, 'read'), env.payload);
  }

  @NatsRequestHandler(VectorSubjects.import)
  async importVectors(env: Envelope<RequestOf<V['import']>>): Promise<ReplyOf<V['import']>> {
    return this.vectors.import(await this.access.require(env, 'write'), env.payload);
  }
}
