import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import { RecordEvents, type RecordData, type RecordView } from '@refinery/contracts';
import { hash53 } from '@refinery/query';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { checkRecordData } from '../attributes/attribute-values.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { invalid } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { ProjectState, StoredRecord } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import { PAGE_MAX_BYTES, withinBytes } from './page-bytes.js';
import { recordKey } from './record-key.js';
import { RecordReader } from './record-reader.service.js';
import { RecordWriter, type WriteResult } from './record-writer.service.js';
import { tokenizeRecord } from './text-tokens.js';

@Injectable()
export class RecordsService {
  constructor(
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(RecordReader) private readonly reader: RecordReader,
    @Inject(RecordWriter) private readonly writer: RecordWriter,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(CommentRepository) private readonly comments: CommentRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  /** Announces records changed one by one (uploads announce themselves): vectors and the like follow. */
  private changed(scope: ProjectScope, change: 'added' | 'updated' | 'deleted', recordIds: readonly string[], truncated = false): void {
    this.events.publish(RecordEvents.changed, scope.projectId, { projectId: scope.projectId, change, recordIds: recordIds.slice(0, 1_000), truncated: truncated || recordIds.length > 1_000 }, scope.actor);
  }

  async add(scope: ProjectScope, rows: readonly { data: RecordData }[]): Promise<WriteResult> {
    const attributes = await this.attributes.list(scope.projectId);
    if (!attributes.length) throw invalid('records', 'the project has no attributes yet: create them or upload a file first');
    const checked = rows.map((r, i) => {
      const { data, problems } = checkRecordData(attributes, r.data, false);
      const [first] = problems;
      if (first) throw invalid(`records.${i}.data.${first.field}`, first.message);
      return { row: i, data };
    });
    const written = await this.writer.write(scope.projectId, [checked], { lenient: false, rowLabel: (i) => `payload.records.${i}` });
    // The writer reports counts, not ids: listeners re-read what they need.
    if (written.created + written.updated > 0) this.changed(scope, 'added', [], true);
    return written;
  }

  async get(scope: ProjectScope, recordId: string, withTokens: boolean): Promise<RecordView> {
    const doc = await this.reader.get(scope.projectId, recordId);
    if (!doc) throw new AppError('NOT_FOUND', `record ${recordId} not found`);
    const [view] = await this.reader.views(scope.projectId, [doc], withTokens);
    if (!view) throw new AppError('NOT_FOUND', `record ${recordId} not found`);
    return view;
  }

  /**
   * A page in upload order. `limit` counts records, but a page also stops before it outgrows
   * PAGE_MAX_BYTES (long texts, tokens): NATS refuses messages over its limit (1 MiB by default),
   * and the caller simply continues from `nextAfterSeq`.
   */
  async list(scope: ProjectScope, afterSeq: number, limit: number, withTokens = false): Promise<{ records: RecordView[]; total: number; nextAfterSeq: number | null }> {
    const [docs, total] = await Promise.all([this.reader.page(scope.projectId, afterSeq, limit), this.reader.count(scope.projectId)]);
    const views = await this.reader.views(scope.projectId, docs, withTokens);
    const kept = withinBytes(views, PAGE_MAX_BYTES);
    const last = docs[kept.length - 1];
    return { records: kept, total, nextAfterSeq: (kept.length < views.length || docs.length === limit) && last ? last.seq : null };
  }

  /**
   * `n` records at random: with a seed, the n records whose hash of (seed, id) is smallest, so
   * the same seed draws the same records while they exist (a "run on 10" is repeatable).
   */
  async sample(scope: ProjectScope, n: number, seed: string | number | undefined, withTokens: boolean): Promise<RecordView[]> {
    const state = await this.reader.state(scope.projectId);
    const salt = seed === undefined ? Math.floor(Math.random() * 2 ** 31) : hash53(`seed:${String(seed)}`) % 2 ** 31;
    // Bounded selection of the n smallest keys (n ≤ 1,000): no sort of the whole project.
    const best: { r: StoredRecord; k: number }[] = [];
    const before = (a: { r: StoredRecord; k: number }, b: { r: StoredRecord; k: number }) => a.k < b.k || (a.k === b.k && a.r.recordId < b.r.recordId);
    for (const r of state.records.values()) {
      const row = { r, k: hash53(r.recordId, salt) };
      const worst = best[best.length - 1];
      if (best.length === n && worst && !before(row, worst)) continue;
      let i = best.length;
      while (i > 0 && before(row, best[i - 1] as { r: StoredRecord; k: number })) i--;
      best.splice(i, 0, row);
      if (best.length > n) best.pop();
    }
    return this.reader.views(scope.projectId, best.map((x) => x.r), withTokens);
  }

  /**
   * Edits values in place in the committed generation. Spans on an edited TEXT attribute lose
   * their meaning (offsets into the old text), so they are removed.
   */
  async update(scope: ProjectScope, updates: readonly { recordId: string; data: RecordData }[]): Promise<{ updated: number; removedSpans: number }> {
    const attributes = await this.attributes.list(scope.projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT');
    const state = await this.reader.state(scope.projectId);
    const planned = updates.map((u, i) => {
      const old = state.records.get(u.recordId);
      if (!old) throw new AppError('NOT_FOUND', `record ${u.recordId} (payload.updates.${i}) not found`);
      const { data, problems } = checkRecordData(attributes, u.data, true);
      const [first] = problems;
      if (first) throw invalid(`updates.${i}.data.${first.field}`, first.message);
      const merged = { ...old.data, ...data };
      const key = primaryKey.length ? recordKey(primaryKey, merged) : old.key;
      if (typeof key !== 'string') throw invalid(`updates.${i}.data.${key.missing}`, 'a primary-key value must not be empty');
      const changedText = textAttributes.filter((a) => a.name in data && data[a.name] !== old.data[a.name]).map((a) => a._id);
      return { recordId: u.recordId, index: i, seq: old.seq, data: merged, key, keyChanged: key !== old.key, changedText };
    });
    checkKeys(state, planned);
    const extraction = (await this.catalog.list(scope.projectId)).filter((t) => t.kind === 'EXTRACTION');
    let removedSpans = 0;
    const records: StoredRecord[] = [];
    const voidSpans: { recordId: string; taskIds: string[] }[] = [];
    for (const p of planned) {
      records.push({ recordId: p.recordId, seq: p.seq, key: p.key, data: p.data, tokens: tokenizeRecord(textAttributes.map((a) => a.name), p.data) });
      const voided = extraction.filter((t) => t.attributeId !== null && p.changedText.includes(t.attributeId)).map((t) => t._id);
      if (!voided.length) continue;
      voidSpans.push({ recordId: p.recordId, taskIds: voided });
      removedSpans += state.associationsOf(p.recordId).filter((a) => a.start !== null && (a.source === 'MANUAL' || a.source === 'GOLD') && voided.includes(a.taskId)).length;
    }
    await this.store.append(scope.projectId, { t: 'record-update', gen: state.recordsGeneration, records, voidSpans });
    this.changed(scope, 'updated', planned.map((p) => p.recordId));
    return { updated: planned.length, removedSpans };
  }

  async delete(scope: ProjectScope, recordIds: readonly string[]): Promise<{ deleted: number; missing: string[] }> {
    const state = await this.reader.state(scope.projectId);
    const unique = [...new Set(recordIds)];
    const found = unique.filter((id) => state.records.has(id));
    const missing = unique.filter((id) => !state.records.has(id));
    if (found.length) {
      await this.store.append(scope.projectId, { t: 'record-delete', gen: state.recordsGeneration, recordIds: found });
      await this.comments.deleteForTargets(scope.projectId, 'RECORD', found);
      this.changed(scope, 'deleted', found);
    }
    return { deleted: found.length, missing };
  }
}

/** A changed primary key must not collide with another record's (or another update's). */
function checkKeys(state: ProjectState, planned: readonly { recordId: string; index: number; key: string; keyChanged: boolean }[]): void {
  const owner = new Map<string, string>();
  for (const p of planned) owner.set(p.key, p.recordId);
  for (const p of planned.filter((q) => q.keyChanged)) {
    const taken = state.recordByKey(p.key);
    const clash = taken && taken.recordId !== p.recordId && owner.get(taken.key) !== taken.recordId ? taken : undefined;
    const twice = planned.find((q) => q.key === p.key && q.recordId !== p.recordId);
    if (clash || twice) {
      throw new AppError('CONFLICT', `payload.updates.${p.index}: primary key ${p.key} is already used by record ${(clash ?? twice)?.recordId}`);
    }
  }
}
