import { Inject, Injectable } from '@nestjs/common';
import type { LabelSummary, RecordData, TextTokens } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { IndexGate } from '../shared/index-gate.js';
import type { ProjectId } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { RecordSchema, recordDocId, type RecordDoc } from './record.schema.js';

export type NewRecordDoc = Omit<RecordDoc, '_id' | 'projectId'>;

export interface SummaryUpdate {
  recordId: string;
  taskId: string;
  /** null removes the task's summary (no labels left). */
  summary: LabelSummary | null;
}

const NO_TOKENS = { tokens: 0 } as const;

/** Records by generation; the caller says which generation it reads or writes. */
@Injectable()
export class RecordRepository extends TenantRepository<RecordDoc> {
  private readonly indexes: IndexGate;

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<RecordDoc>('Record', RecordSchema));
    this.indexes = new IndexGate(this.model);
  }

  /** Inserts one batch of a generation; a duplicate key fails the whole write (unique index). */
  async insertMany(projectId: ProjectId, docs: readonly NewRecordDoc[]): Promise<void> {
    if (!docs.length) return;
    await this.indexes.ready();
    await this.model.insertMany(
      docs.map((d) => ({ ...d, projectId, _id: recordDocId(d.recordId, d.generation) })),
      { ordered: true, lean: true },
    );
  }

  findOne(projectId: ProjectId, generation: number, recordId: string, withTokens = true): Promise<RecordDoc | null> {
    return this.model
      .findOne(this.scoped(projectId, { _id: recordDocId(recordId, generation) }), withTokens ? {} : NO_TOKENS)
      .lean<RecordDoc>();
  }

  findMany(projectId: ProjectId, generation: number, recordIds: readonly string[], withTokens = false): Promise<RecordDoc[]> {
    return this.model
      .find(this.scoped(projectId, { _id: { $in: recordIds.map((id) => recordDocId(id, generation)) } }), withTokens ? {} : NO_TOKENS)
      .lean<RecordDoc[]>();
  }

  findByKeys(projectId: ProjectId, generation: number, keys: readonly string[]): Promise<RecordDoc[]> {
    return this.model.find(this.scoped(projectId, { generation, key: { $in: keys } })).lean<RecordDoc[]>();
  }

  async existingIds(projectId: ProjectId, generation: number, recordIds: readonly string[]): Promise<Set<string>> {
    const docs = await this.model
      .find(this.scoped(projectId, { _id: { $in: recordIds.map((id) => recordDocId(id, generation)) } }), { recordId: 1 })
      .lean<Pick<RecordDoc, 'recordId'>[]>();
    return new Set(docs.map((d) => d.recordId));
  }

  page(projectId: ProjectId, generation: number, afterSeq: number, limit: number): Promise<RecordDoc[]> {
    return this.model
      .find(this.scoped(projectId, { generation, seq: { $gt: afterSeq } }), NO_TOKENS)
      .sort({ seq: 1 })
      .limit(limit)
      .lean<RecordDoc[]>();
  }

  async idsInOrder(projectId: ProjectId, generation: number, limit: number): Promise<string[]> {
    const docs = await this.model
      .find(this.scoped(projectId, { generation }), { recordId: 1 })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<Pick<RecordDoc, 'recordId'>[]>();
    return docs.map((d) => d.recordId);
  }

  countIn(projectId: ProjectId, generation: number): Promise<number> {
    return this.count(projectId, { generation });
  }

  async maxSeq(projectId: ProjectId, generation: number): Promise<number> {
    const doc = await this.model
      .findOne(this.scoped(projectId, { generation }), { seq: 1 })
      .sort({ seq: -1 })
      .lean<Pick<RecordDoc, 'seq'>>();
    return doc?.seq ?? -1;
  }

  /** Largest numeric value of an attribute (running ids of re-uploads continue after it). */
  async maxNumber(projectId: ProjectId, generation: number, attribute: string): Promise<number | null> {
    const path = `data.${attribute}`;
    const doc = await this.model
      .findOne(this.scoped(projectId, { generation, [path]: { $type: 'number' } }), { [path]: 1 })
      .sort({ [path]: -1 })
      .lean<Pick<RecordDoc, 'data'>>();
    const value = doc?.data[attribute];
    return typeof value === 'number' ? value : null;
  }

  /** Streams a generation in batches (the copy step of a bulk write). */
  async *batches(projectId: ProjectId, generation: number, size: number): AsyncGenerator<RecordDoc[]> {
    let afterSeq = -1;
    for (;;) {
      const batch = await this.model
        .find(this.scoped(projectId, { generation, seq: { $gt: afterSeq } }))
        .sort({ seq: 1 })
        .limit(size)
        .lean<RecordDoc[]>();
      if (!batch.length) return;
      yield batch;
      afterSeq = batch[batch.length - 1]?.seq ?? afterSeq;
    }
  }

  /** Garbage collection after a flip, and clean-up of an aborted generation. */
  deleteGenerationsBelow(projectId: ProjectId, generation: number): Promise<number> {
    return this.deleteScoped(projectId, { generation: { $lt: generation } });
  }

  deleteGeneration(projectId: ProjectId, generation: number): Promise<number> {
    return this.deleteScoped(projectId, { generation });
  }

  deleteRecords(projectId: ProjectId, generation: number, recordIds: readonly string[]): Promise<number> {
    return this.deleteScoped(projectId, { _id: { $in: recordIds.map((id) => recordDocId(id, generation)) } });
  }

  async updateValues(
    projectId: ProjectId,
    generation: number,
    recordId: string,
    set: { data: RecordData; key: string; tokens: Record<string, TextTokens> },
  ): Promise<void> {
    await this.indexes.ready();
    await this.model.updateOne(this.scoped(projectId, { _id: recordDocId(recordId, generation) }), { $set: set });
  }

  async setSummaries(projectId: ProjectId, generation: number, updates: readonly SummaryUpdate[]): Promise<void> {
    if (!updates.length) return;
    await this.model.bulkWrite(
      updates.map((u) => ({
        updateOne: {
          filter: this.scoped(projectId, { _id: recordDocId(u.recordId, generation) }),
          update: u.summary ? { $set: { [`labels.${u.taskId}`]: u.summary } } : { $unset: { [`labels.${u.taskId}`]: '' } },
        },
      })),
      { ordered: false },
    );
  }

  /** Drops a deleted task's summary from every record of every generation. */
  async unsetTask(projectId: ProjectId, taskId: string): Promise<void> {
    await this.model.updateMany(this.scoped(projectId, { [`labels.${taskId}`]: { $exists: true } }), {
      $unset: { [`labels.${taskId}`]: '' },
    });
  }
}
