import { Controller, Inject } from '@nestjs/common';
import { PreviewSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { PreviewService } from './preview.service.js';

type S = typeof PreviewSubjects;

@Controller()
export class PreviewNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(PreviewService) private readonly preview: PreviewService,
  ) {}

  // Running code is writing: it costs a worker's time, so only those who may change heuristics do it.
  @NatsRequestHandler(PreviewSubjects.runOnSample)
  async runOnSample(env: Envelope<RequestOf<S['runOnSample']>>): Promise<ReplyOf<S['runOnSample']>> {
    const { source, n, seed } = env.payload;
    return this.preview.runOnSample(await this.access.require(env, 'write'), source, n, seed);
  }

  @NatsRequestHandler(PreviewSubjects.runOnRecord)
  async runOnRecord(env: Envelope<RequestOf<S['runOnRecord']>>): Promise<ReplyOf<S['runOnRecord']>> {
    return this.preview.runOnRecord(await this.access.require(env, 'write'), env.payload.source, env.payload.recordId);
  }
}
