import { Controller, Inject } from '@nestjs/common';
import { ProjectEvents, RecordExportSubjects, type Envelope, type PayloadOf, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { NatsEventHandler, NatsRequestHandler } from '@refinery/server-nats';
import { ExportFileStore } from './export-file-store.js';
import { RecordExportRepository } from './record-export.repository.js';
import { RecordExportsService, type InProject } from './record-exports.service.js';

type S = typeof RecordExportSubjects;

@Controller()
export class RecordExportsNatsController {
  constructor(
    @Inject(RecordExportsService) private readonly exports: RecordExportsService,
    @Inject(RecordExportRepository) private readonly repository: RecordExportRepository,
    @Inject(ExportFileStore) private readonly files: ExportFileStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @NatsRequestHandler(RecordExportSubjects.prepare)
  prepare(env: Envelope<RequestOf<S['prepare']>>): Promise<ReplyOf<S['prepare']>> {
    return this.exports.prepare(inProject(env), env.payload);
  }

  @NatsRequestHandler(RecordExportSubjects.list)
  async list(env: Envelope<RequestOf<S['list']>>): Promise<ReplyOf<S['list']>> {
    return { exports: await this.exports.list(inProject(env)) };
  }

  @NatsRequestHandler(RecordExportSubjects.get)
  get(env: Envelope<RequestOf<S['get']>>): Promise<ReplyOf<S['get']>> {
    return this.exports.get(inProject(env), env.payload.exportId);
  }

  @NatsRequestHandler(RecordExportSubjects.download)
  download(env: Envelope<RequestOf<S['download']>>): Promise<ReplyOf<S['download']>> {
    const { exportId, offset, length } = env.payload;
    return this.exports.download(inProject(env), exportId, offset, length);
  }

  /** A deleted project's exports and files go with it. */
  @NatsEventHandler(ProjectEvents.deleted)
  async projectDeleted(env: Envelope<PayloadOf<typeof ProjectEvents.deleted>>): Promise<void> {
    const { projectId } = env.payload;
    try {
      await this.files.dropProject(projectId);
      await this.repository.deleteProject(projectId);
    } catch (error) {
      this.logger.error({ projectId, err: String(error) }, 'removing a deleted project’s record exports failed');
    }
  }
}

function inProject(env: Envelope<unknown>): InProject {
  if (!env.projectId) {
    throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, { issues: [{ path: ['projectId'], message: 'required' }] });
  }
  return { actor: env.actor, projectId: env.projectId };
}
