import { Inject, Injectable } from '@nestjs/common';
import type { RecordData, RecordView } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { checkRecordData } from '../attributes/attribute-values.js';
import { AssociationRepository } from '../associations/association.repository.js';
import { LabelSummaryService } from '../associations/label-summary.service.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { invalid } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { recordKey } from './record-key.js';
import { RecordReader } from './record-reader.service.js';
import { toRecordView } from './record-view.js';
import { RecordWriter, type WriteResult } from './record-writer.service.js';
import { RecordRepository } from './record.repository.js';
import { tokenizeRecord } from './text-tokens.js';

@Injectable()
export class RecordsService {
  constructor(
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(RecordRepository) private readonly records: RecordRepository,
    @Inject(RecordReader) private readonly reader: RecordReader,
    @Inject(RecordWriter) private readonly writer: RecordWriter,
    @Inject(AssociationRepository) private readonly associations: AssociationRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelSummaryService) private readonly summaries: LabelSummaryService,
    @Inject(CommentRepository) private readonly comments: CommentRepository,
  ) {}

  async add(scope: ProjectScope, rows: readonly { data: RecordData }[]): Promise<WriteResult> {
    const attributes = await this.attributes.list(scope.projectId);
    if (!attributes.length) throw invalid('records', 'the project has no attributes yet: create them or upload a file first');
    const checked = rows.map((r, i) => {
      const { data, problems } = checkRecordData(attributes, r.data, false);
      const [first] = problems;
      if (first) throw invalid(`records.${i}.data.${first.field}`, first.message);
      return { row: i, data };
    });
    return this.writer.write(scope.projectId, [checked], { lenient: false, rowLabel: (i) => `payload.records.${i}` });
  }

  async get(scope: ProjectScope, recordId: string, withTokens: boolean): Promise<RecordView> {
    const doc = await this.reader.get(scope.projectId, recordId, withTokens);
    if (!doc) throw new AppError('NOT_FOUND', `record ${recordId} not found`);
    return toRecordView(doc, withTokens);
  }

  async list(scope: ProjectScope, afterSeq: number, limit: number): Promise<{ records: RecordView[]; total: number; nextAfterSeq: number | null }> {
    const [docs, total] = await Promise.all([this.reader.page(scope.projectId, afterSeq, limit), this.reader.count(scope.projectId)]);
    const last = docs[docs.length - 1];
    return { records: docs.map((d) => toRecordView(d, false)), total, nextAfterSeq: docs.length === limit && last ? last.seq : null };
  }

  /**
   * Edits values in place in the committed generation. Spans on an edited TEXT attribute lose
   * their meaning (offsets into the old text), so they are removed.
   */
  async update(scope: ProjectScope, updates: readonly { recordId: string; data: RecordData }[]): Promise<{ updated: number; removedSpans: number }> {
    const attributes = await this.attributes.list(scope.projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT');
    const generation = await this.reader.committed(scope.projectId);
    const docs = new Map(
      (await this.records.findMany(scope.projectId, generation, updates.map((u) => u.recordId), false)).map((d) => [d.recordId, d]),
    );
    const planned = updates.map((u, i) => {
      const old = docs.get(u.recordId);
      if (!old) throw new AppError('NOT_FOUND', `record ${u.recordId} (payload.updates.${i}) not found`);
      const { data, problems } = checkRecordData(attributes, u.data, true);
      const [first] = problems;
      if (first) throw invalid(`updates.${i}.data.${first.field}`, first.message);
      const merged = { ...old.data, ...data };
      const key = primaryKey.length ? recordKey(primaryKey, merged) : old.key;
      if (typeof key !== 'string') throw invalid(`updates.${i}.data.${key.missing}`, 'a primary-key value must not be empty');
      const changedText = textAttributes.filter((a) => a.name in data && data[a.name] !== old.data[a.name]).map((a) => a._id);
      return { recordId: u.recordId, index: i, data: merged, key, keyChanged: key !== old.key, changedText };
    });
    await this.checkKeys(scope, generation, planned);
    const extraction = (await this.tasks.list(scope.projectId)).filter((t) => t.kind === 'EXTRACTION');
    let removedSpans = 0;
    for (const p of planned) {
      const tokens = tokenizeRecord(textAttributes.map((a) => a.name), p.data);
      await this.records.updateValues(scope.projectId, generation, p.recordId, { data: p.data, key: p.key, tokens });
      const voided = extraction.filter((t) => t.attributeId !== null && p.changedText.includes(t.attributeId)).map((t) => t._id);
      if (voided.length) removedSpans += await this.associations.deleteSpans(scope.projectId, p.recordId, voided);
    }
    if (removedSpans) await this.summaries.recompute(scope.projectId, null, planned.map((p) => p.recordId));
    return { updated: planned.length, removedSpans };
  }

  async delete(scope: ProjectScope, recordIds: readonly string[]): Promise<{ deleted: number; missing: string[] }> {
    const generation = await this.reader.committed(scope.projectId);
    const unique = [...new Set(recordIds)];
    const existing = await this.records.existingIds(scope.projectId, generation, unique);
    const found = unique.filter((id) => existing.has(id));
    const deleted = found.length ? await this.records.deleteRecords(scope.projectId, generation, found) : 0;
    if (found.length) {
      await this.associations.deleteForRecords(scope.projectId, found);
      await this.comments.deleteForTargets(scope.projectId, 'RECORD', found);
    }
    return { deleted, missing: unique.filter((id) => !existing.has(id)) };
  }

  private async checkKeys(
    scope: ProjectScope,
    generation: number,
    planned: readonly { recordId: string; index: number; key: string; keyChanged: boolean }[],
  ): Promise<void> {
    const owner = new Map<string, string>();
    for (const p of planned) owner.set(p.key, p.recordId);
    const changed = planned.filter((p) => p.keyChanged);
    if (!changed.length) return;
    const taken = await this.records.findByKeys(scope.projectId, generation, changed.map((p) => p.key));
    for (const p of changed) {
      const clash = taken.find((t) => t.key === p.key && t.recordId !== p.recordId && owner.get(t.key) !== t.recordId);
      const twice = planned.find((q) => q.key === p.key && q.recordId !== p.recordId);
      if (clash || twice) {
        throw new AppError('CONFLICT', `payload.updates.${p.index}: primary key ${p.key} is already used by record ${(clash ?? twice)?.recordId}`);
      }
    }
  }
}
