import { Inject, Injectable } from '@nestjs/common';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE } from '../generations/generation-rules.js';
import type { ProjectId } from '../shared/project-scope.js';
import { RecordRepository } from './record.repository.js';
import type { RecordDoc } from './record.schema.js';

/** Reads records of the committed generation only: what every reader of the service sees. */
@Injectable()
export class RecordReader {
  constructor(
    @Inject(RecordRepository) private readonly records: RecordRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
  ) {}

  committed(projectId: ProjectId): Promise<number> {
    return this.generations.committed(projectId, RECORDS_SCOPE);
  }

  async count(projectId: ProjectId): Promise<number> {
    return this.records.countIn(projectId, await this.committed(projectId));
  }

  async get(projectId: ProjectId, recordId: string, withTokens = true): Promise<RecordDoc | null> {
    return this.records.findOne(projectId, await this.committed(projectId), recordId, withTokens);
  }

  async getMany(projectId: ProjectId, recordIds: readonly string[], withTokens = false): Promise<RecordDoc[]> {
    return this.records.findMany(projectId, await this.committed(projectId), recordIds, withTokens);
  }

  async existingIds(projectId: ProjectId, recordIds: readonly string[]): Promise<Set<string>> {
    return this.records.existingIds(projectId, await this.committed(projectId), recordIds);
  }

  async page(projectId: ProjectId, afterSeq: number, limit: number): Promise<RecordDoc[]> {
    return this.records.page(projectId, await this.committed(projectId), afterSeq, limit);
  }

  /** -1 without records, so the next running id is 0. */
  async maxRunningId(projectId: ProjectId): Promise<number> {
    return (await this.records.maxNumber(projectId, await this.committed(projectId), 'running_id')) ?? -1;
  }

  async idsInOrder(projectId: ProjectId, limit: number): Promise<string[]> {
    return this.records.idsInOrder(projectId, await this.committed(projectId), limit);
  }
}
