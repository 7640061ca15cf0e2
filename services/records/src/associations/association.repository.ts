import { Inject, Injectable } from '@nestjs/common';
import type { AssociationSource, BulkSource } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { AssociationSchema, type AssociationDoc } from './association.schema.js';

export type NewAssociationDoc = Omit<AssociationDoc, 'projectId'>;

const LIVE_SOURCES: AssociationSource[] = ['MANUAL', 'GOLD'];

@Injectable()
export class AssociationRepository extends TenantRepository<AssociationDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<AssociationDoc>('LabelAssociation', AssociationSchema));
  }

  async insertMany(projectId: ProjectId, docs: readonly NewAssociationDoc[]): Promise<void> {
    if (!docs.length) return;
    await this.model.insertMany(
      docs.map((d) => ({ ...d, projectId })),
      { ordered: false, lean: true },
    );
  }

  /** Every stored association of these records (all generations: the caller filters visibility). */
  forRecords(projectId: ProjectId, recordIds: readonly string[], taskId?: string): Promise<AssociationDoc[]> {
    const filter = taskId ? { recordId: { $in: recordIds }, taskId } : { recordId: { $in: recordIds } };
    return this.findScoped(projectId, filter, { createdAt: 1, _id: 1 });
  }

  /** The actor's manual labels (userId) or the gold labels (userId null) of a record and task. */
  deleteOwned(projectId: ProjectId, recordId: string, taskId: string, source: 'MANUAL' | 'GOLD', userId: string): Promise<number> {
    return this.deleteScoped(projectId, source === 'MANUAL' ? { recordId, taskId, source, userId } : { recordId, taskId, source });
  }

  deleteOne(projectId: ProjectId, id: string): Promise<number> {
    return this.deleteScoped(projectId, { _id: id });
  }

  deleteForRecords(projectId: ProjectId, recordIds: readonly string[]): Promise<number> {
    return this.deleteScoped(projectId, { recordId: { $in: recordIds } });
  }

  deleteForTask(projectId: ProjectId, taskId: string): Promise<number> {
    return this.deleteScoped(projectId, { taskId });
  }

  deleteForLabel(projectId: ProjectId, labelId: string): Promise<number> {
    return this.deleteScoped(projectId, { labelId });
  }

  async recordIdsWithLabel(projectId: ProjectId, labelId: string): Promise<string[]> {
    return (await this.model.distinct('recordId', this.scoped(projectId, { labelId }))) as string[];
  }

  /** Spans of these tasks on one record (their text changed, so their offsets are void). */
  deleteSpans(projectId: ProjectId, recordId: string, taskIds: readonly string[]): Promise<number> {
    return this.deleteScoped(projectId, { recordId, taskId: { $in: taskIds } });
  }

  findSameSpan(
    projectId: ProjectId,
    span: Pick<AssociationDoc, 'recordId' | 'taskId' | 'labelId' | 'source' | 'userId' | 'start' | 'end'>,
  ): Promise<AssociationDoc | null> {
    return this.findOneScoped(projectId, { ...span });
  }

  // --- bulk sources (one replaceable set per source) ---

  async recordIdsOfSource(projectId: ProjectId, source: BulkSource, sourceId: string, generation: number): Promise<string[]> {
    return (await this.model.distinct('recordId', this.scoped(projectId, { source, sourceId, generation }))) as string[];
  }

  deleteSourceBelow(projectId: ProjectId, source: BulkSource, sourceId: string, generation: number): Promise<number> {
    return this.deleteScoped(projectId, { source, sourceId, generation: { $lt: generation } });
  }

  deleteSourceGeneration(projectId: ProjectId, source: BulkSource, sourceId: string, generation: number): Promise<number> {
    return this.deleteScoped(projectId, { source, sourceId, generation });
  }

  // --- labels imported with an upload (records generation) ---

  /** Labels an aborted upload wrote. */
  deleteImported(projectId: ProjectId, generation: number): Promise<number> {
    return this.deleteScoped(projectId, { source: { $in: LIVE_SOURCES }, generation });
  }

  /** After an upload committed: the uploader's older labels it replaced (already invisible). */
  deleteSuperseded(projectId: ProjectId, userId: string, taskId: string, recordIds: readonly string[], generation: number): Promise<number> {
    return this.deleteScoped(projectId, {
      source: 'MANUAL',
      userId,
      taskId,
      recordId: { $in: recordIds },
      generation: { $lt: generation },
    });
  }
}
