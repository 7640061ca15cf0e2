import { Controller, Inject } from '@nestjs/common';
import { AttributeSubjects, AttributeValueSubjects, type Attribute, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { AttributeValuesService } from './attribute-values.service.js';
import { AttributesService } from './attributes.service.js';

type S = typeof AttributeSubjects;

@Controller()
export class AttributesNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(AttributesService) private readonly attributes: AttributesService,
    @Inject(AttributeValuesService) private readonly values: AttributeValuesService,
  ) {}

  @NatsRequestHandler(AttributeValueSubjects.replace)
  async replaceValues(env: Envelope<RequestOf<typeof AttributeValueSubjects.replace>>): Promise<ReplyOf<typeof AttributeValueSubjects.replace>> {
    return this.values.handle(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(AttributeSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<{ attributes: Attribute[] }> {
    return { attributes: await this.attributes.list(await this.access.require(env)) };
  }

  @NatsRequestHandler(AttributeSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<Attribute> {
    return this.attributes.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(AttributeSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<Attribute> {
    return this.attributes.update(await this.access.require(env), env.payload);
  }
}
