import { Controller, Inject } from '@nestjs/common';
import { OutlierSliceSubjects, SliceSubjects, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { OutlierSlicesService } from './outlier-slices.service.js';
import { SlicesService } from './slices.service.js';

type S = typeof SliceSubjects;

@Controller()
export class SlicesNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(SlicesService) private readonly slices: SlicesService,
    @Inject(OutlierSlicesService) private readonly outliers: OutlierSlicesService,
  ) {}

  @NatsRequestHandler(OutlierSliceSubjects.create)
  async createFromOutliers(env: Envelope<RequestOf<typeof OutlierSliceSubjects.create>>): Promise<ReplyOf<typeof OutlierSliceSubjects.create>> {
    return this.outliers.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(SliceSubjects.create)
  async create(env: Envelope<RequestOf<S['create']>>): Promise<ReplyOf<S['create']>> {
    return this.slices.create(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(SliceSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { slices: await this.slices.list(await this.access.require(env)) };
  }

  @NatsRequestHandler(SliceSubjects.get)
  async get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.slices.get(await this.access.require(env), env.payload.sliceId);
  }

  @NatsRequestHandler(SliceSubjects.update)
  async update(env: Envelope<RequestOf<S['update']>>): Promise<ReplyOf<S['update']>> {
    return this.slices.update(await this.access.require(env), env.payload);
  }

  @NatsRequestHandler(SliceSubjects.delete)
  async delete(env: Envelope<RequestOf<S['delete']>>): Promise<ReplyOf<S['delete']>> {
    await this.slices.delete(await this.access.require(env), env.payload.sliceId);
    return { deleted: true };
  }
}
