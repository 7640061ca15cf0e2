import { Inject, Injectable } from '@nestjs/common';
import type { BulkSource, SnapshotImportLabel, SnapshotImportRow } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { checkRecordData } from '../attributes/attribute-values.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { isCurrentWriter, RECORDS_SCOPE, sourceScope } from '../generations/generation-rules.js';
import { recordKey } from '../records/record-key.js';
import { snapToTokens, tokenizeRecord } from '../records/text-tokens.js';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectId, ProjectScope } from '../shared/project-scope.js';
import type { StoredAssociation, StoredRecord } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import type { TaskDoc } from '../tasks/task.schema.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';

interface PageContext {
  scope: ProjectScope;
  generation: number;
  tasks: Map<string, TaskDoc>;
  labelTask: Map<string, string>;
  attributeNames: Map<string, string>;
  sourceGenerations: Map<string, number>;
  createdAt: Date;
}

/**
 * A records page of a whole-project import: the records go into the import's records generation,
 * their labels into that generation (MANUAL) or their source's open generation (HEURISTIC,
 * WEAK_SUPERVISION). Summaries are computed in memory, so a page is two insertMany calls.
 */
@Injectable()
export class SnapshotPagesService {
  constructor(
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
  ) {}

  /** Primary keys already imported into an open generation (duplicates across pages). */
  private readonly importedKeys = new Map<string, Set<string>>();

  async addRecords(scope: ProjectScope, generation: number, offset: number, rows: readonly SnapshotImportRow[]): Promise<string[]> {
    const { projectId } = scope;
    await this.requireWriter(projectId, RECORDS_SCOPE, generation);
    const attributes = await this.attributes.list(projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const ctx = await this.context(scope, generation, rows, new Map(attributes.map((a) => [a._id, a.name])));
    const associations: StoredAssociation[] = [];
    const keysKey = `${projectId}|${generation}`;
    const keys = this.importedKeys.get(keysKey) ?? new Set<string>();
    const pageKeys = new Set<string>();
    const docs: StoredRecord[] = rows.map((row, i) => {
      const checked = checkRecordData(attributes, row.data, false);
      const problem = checked.problems[0];
      if (problem) throw invalid(`records.${i}.data.${problem.field}`, problem.message);
      const key = primaryKey.length ? recordKey(primaryKey, checked.data) : newId();
      if (typeof key !== 'string') throw invalid(`records.${i}.data.${key.missing}`, 'the primary key is empty');
      if (keys.has(key) || pageKeys.has(key)) throw new AppError('VALIDATION_FAILED', `payload.records.${i}: primary key ${key} repeats an earlier record`);
      pageKeys.add(key);
      const doc: StoredRecord = {
        recordId: newId(),
        seq: offset + i + 1,
        key,
        data: checked.data,
        tokens: tokenizeRecord(textAttributes, checked.data),
      };
      associations.push(...row.labels.map((label, j) => this.association(ctx, doc, label, `records.${i}.labels.${j}`)));
      return doc;
    });
    await this.store.writeRecordPage(projectId, generation, offset, docs);
    pageKeys.forEach((k) => keys.add(k));
    this.importedKeys.set(keysKey, keys);
    const manual = associations.filter((a) => a.source === 'MANUAL' || a.source === 'GOLD');
    if (manual.length) await this.store.append(projectId, { t: 'add', gen: generation, items: manual });
    const bySource = new Map<string, StoredAssociation[]>();
    for (const a of associations) {
      if (a.source === 'MANUAL' || a.source === 'GOLD' || a.sourceId === null) continue;
      const k = `${a.source}\u0000${a.sourceId}\u0000${a.generation}`;
      const list = bySource.get(k) ?? [];
      list.push(a);
      bySource.set(k, list);
    }
    for (const list of bySource.values()) {
      const first = list[0];
      if (first?.sourceId) await this.store.writeSourcePage(projectId, first.source as BulkSource, first.sourceId, first.generation, list);
    }
    return docs.map((d) => d.recordId);
  }

  private async context(scope: ProjectScope, generation: number, rows: readonly SnapshotImportRow[], attributeNames: Map<string, string>): Promise<PageContext> {
    const { projectId } = scope;
    const all = rows.flatMap((r) => r.labels);
    const tasks = new Map((await this.tasks.list(projectId)).map((t) => [t._id, t]));
    const labelTask = new Map<string, string>();
    for (const taskId of new Set(all.map((l) => l.taskId))) {
      for (const l of await this.labels.listOfTask(projectId, taskId)) labelTask.set(l._id, l.taskId);
    }
    const sourceGenerations = new Map<string, number>();
    for (const label of all) {
      if (label.source === 'MANUAL' || label.sourceId === null) continue;
      const key = sourceScope(label.source, label.sourceId);
      if (sourceGenerations.has(key)) continue;
      const writing = (await this.generations.pointer(projectId, key)).writing;
      if (writing === null) throw invalid('records', `${label.source} ${label.sourceId} was not announced in begin (or is committed)`);
      sourceGenerations.set(key, writing);
    }
    return { scope, generation, tasks, labelTask, attributeNames, sourceGenerations, createdAt: new Date() };
  }

  /** Forgets the key set of a finished import. */
  finished(projectId: ProjectId, generation: number): void {
    this.importedKeys.delete(`${projectId}|${generation}`);
  }

  private association(ctx: PageContext, record: StoredRecord, label: SnapshotImportLabel, path: string): StoredAssociation {
    const task = ctx.tasks.get(label.taskId);
    if (!task) throw invalid(`${path}.taskId`, `task ${label.taskId} does not exist`);
    if (ctx.labelTask.get(label.labelId) !== task._id) throw invalid(`${path}.labelId`, `label ${label.labelId} is not a label of task "${task.name}"`);
    const manual = label.source === 'MANUAL';
    if (manual !== (label.sourceId === null)) throw invalid(`${path}.sourceId`, manual ? 'a MANUAL label has no sourceId' : `${label.source} needs a sourceId`);
    let span: { start: number; end: number } | null = null;
    let text: string | null = null;
    if (task.kind === 'EXTRACTION') {
      if (label.start === undefined || label.end === undefined) throw invalid(`${path}.start`, 'start and end are required for an extraction task');
      const name = task.attributeId ? (ctx.attributeNames.get(task.attributeId) ?? '') : '';
      const value = record.data[name];
      const full = typeof value === 'string' ? value : '';
      const tokens = record.tokens[name];
      if (!tokens || label.end > full.length || label.start >= label.end) {
        throw invalid(`${path}.end`, `[${label.start}, ${label.end}) is outside the text of "${name}" (length ${full.length})`);
      }
      span = snapToTokens(tokens, full, label.start, label.end);
      if (!span) throw invalid(`${path}.start`, `[${label.start}, ${label.end}) covers no token`);
      text = full.slice(span.start, span.end);
    } else if (label.start !== undefined || label.end !== undefined) {
      throw invalid(`${path}.start`, 'start and end are only for extraction tasks');
    }
    return {
      _id: newId(),
      recordId: record.recordId,
      taskId: task._id,
      labelId: label.labelId,
      source: label.source,
      userId: manual ? ctx.scope.actor.userId : null,
      sourceId: label.sourceId,
      confidence: label.confidence,
      start: span?.start ?? null,
      end: span?.end ?? null,
      text,
      generation: label.source === 'MANUAL' || label.sourceId === null ? ctx.generation : (ctx.sourceGenerations.get(sourceScope(label.source, label.sourceId)) ?? ctx.generation),
      createdAt: ctx.createdAt,
    };
  }

  private async requireWriter(projectId: ProjectId, scope: string, generation: number): Promise<void> {
    if (!isCurrentWriter(await this.generations.pointer(projectId, scope), generation)) {
      throw new AppError('CONFLICT', `generation ${generation} of ${scope} is not being imported (committed, aborted or superseded)`);
    }
  }
}
