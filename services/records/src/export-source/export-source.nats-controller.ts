import { Controller, Inject } from '@nestjs/common';
import { ExportSourceSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { ExportCursors } from './export-cursors.service.js';

type S = typeof ExportSourceSubjects;

@Controller()
export class ExportSourceNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(ExportCursors) private readonly cursors: ExportCursors,
  ) {}

  @NatsRequestHandler(ExportSourceSubjects.open)
  async open(env: Envelope<RequestOf<S['open']>>): Promise<ReplyOf<S['open']>> {
    return this.cursors.open(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(ExportSourceSubjects.page)
  async page(env: Envelope<RequestOf<S['page']>>): Promise<ReplyOf<S['page']>> {
    const { cursorId, offset, limit } = env.payload;
    return this.cursors.page(await this.access.require(env), cursorId, offset, limit);
  }

  @NatsRequestHandler(ExportSourceSubjects.close)
  async close(env: Envelope<RequestOf<S['close']>>): Promise<ReplyOf<S['close']>> {
    return { closed: this.cursors.close(await this.access.require(env), env.payload.cursorId) };
  }
}
