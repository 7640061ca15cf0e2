import { Controller, Inject } from '@nestjs/common';
import { UploadSubjects, type Envelope, type ReplyOf, type RequestOf, type Upload } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { UploadsService } from './uploads.service.js';

type S = typeof UploadSubjects;

@Controller()
export class UploadsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(UploadsService) private readonly uploads: UploadsService,
  ) {}

  @NatsRequestHandler(UploadSubjects.start)
  async start(env: Envelope<RequestOf<S['start']>>): Promise<ReplyOf<S['start']>> {
    return this.uploads.start(await this.access.require(env), env.payload.format, env.payload.options);
  }

  @NatsRequestHandler(UploadSubjects.chunk)
  async chunk(env: Envelope<RequestOf<S['chunk']>>): Promise<ReplyOf<S['chunk']>> {
    const { uploadId, seq, data } = env.payload;
    return this.uploads.chunk(await this.access.require(env), uploadId, seq, data);
  }

  @NatsRequestHandler(UploadSubjects.commit)
  async commit(env: Envelope<RequestOf<S['commit']>>): Promise<Upload> {
    return this.uploads.commit(await this.access.require(env), env.payload.uploadId);
  }

  @NatsRequestHandler(UploadSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<Upload> {
    return this.uploads.get(await this.access.require(env), env.payload.uploadId);
  }
}
