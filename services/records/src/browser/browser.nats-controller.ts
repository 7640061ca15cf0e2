import { Controller, Inject } from '@nestjs/common';
import { BrowserSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { BrowserService } from './browser.service.js';

type S = typeof BrowserSubjects;

@Controller()
export class BrowserNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(BrowserService) private readonly browser: BrowserService,
  ) {}

  @NatsRequestHandler(BrowserSubjects.query)
  async query(env: Envelope<RequestOf<S['query']>>): Promise<ReplyOf<S['query']>> {
    return this.browser.query(await this.access.require(env), env.payload);
  }
}
