import { Controller, Inject } from '@nestjs/common';
import { AssociationSubjects, LabelMatrixSubjects, type Envelope, type LabelAssociation, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { AssociationsService } from './associations.service.js';
import { LabelMatrixService } from './label-matrix.service.js';
import { ReplaceSourceService } from './replace-source.service.js';

type S = typeof AssociationSubjects;

@Controller()
export class AssociationsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(AssociationsService) private readonly associations: AssociationsService,
    @Inject(ReplaceSourceService) private readonly replace: ReplaceSourceService,
    @Inject(LabelMatrixService) private readonly matrix: LabelMatrixService,
  ) {}

  @NatsRequestHandler(LabelMatrixSubjects.page)
  async labelMatrix(env: Envelope<RequestOf<typeof LabelMatrixSubjects.page>>): Promise<ReplyOf<typeof LabelMatrixSubjects.page>> {
    return this.matrix.page(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(AssociationSubjects.classify)
  async classify(env: Envelope<RequestOf<S['classify']>>): Promise<ReplyOf<S['classify']>> {
    return { associations: await this.associations.classify(await this.access.require(env), env.payload) };
  }

  @NatsRequestHandler(AssociationSubjects.addSpan)
  async addSpan(env: Envelope<RequestOf<S['addSpan']>>): Promise<LabelAssociation> {
    return this.associations.addSpan(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(AssociationSubjects.remove)
  async remove(env: Envelope<RequestOf<S['remove']>>): Promise<ReplyOf<S['remove']>> {
    await this.associations.remove(await this.access.require(env), env.payload.associationId);
    return { removed: true };
  }

  @NatsRequestHandler(AssociationSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return this.associations.list(await this.access.require(env), env.payload.recordId, env.payload.taskId);
  }

  @NatsRequestHandler(AssociationSubjects.replaceSource)
  async replaceSource(env: Envelope<RequestOf<S['replaceSource']>>): Promise<ReplyOf<S['replaceSource']>> {
    return this.replace.handle(await this.access.require(env), env.payload);
  }
}
