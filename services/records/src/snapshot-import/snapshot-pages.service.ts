import { Inject, Injectable } from '@nestjs/common';
import type { LabelSummary, SnapshotImportLabel, SnapshotImportRow } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AssociationRepository, type NewAssociationDoc } from '../associations/association.repository.js';
import { summarize } from '../associations/label-summary.js';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { checkRecordData } from '../attributes/attribute-values.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { isCurrentWriter, RECORDS_SCOPE, sourceScope } from '../generations/generation-rules.js';
import { recordKey } from '../records/record-key.js';
import { RecordRepository, type NewRecordDoc } from '../records/record.repository.js';
import { snapToTokens, tokenizeRecord } from '../records/text-tokens.js';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectId, ProjectScope } from '../shared/project-scope.js';
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
    @Inject(RecordRepository) private readonly records: RecordRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(AssociationRepository) private readonly associations: AssociationRepository,
  ) {}

  async addRecords(scope: ProjectScope, generation: number, offset: number, rows: readonly SnapshotImportRow[]): Promise<string[]> {
    const { projectId } = scope;
    await this.requireWriter(projectId, RECORDS_SCOPE, generation);
    const attributes = await this.attributes.list(projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const ctx = await this.context(scope, generation, rows, new Map(attributes.map((a) => [a._id, a.name])));
    const associations: NewAssociationDoc[] = [];
    const docs: NewRecordDoc[] = rows.map((row, i) => {
      const checked = checkRecordData(attributes, row.data, false);
      const problem = checked.problems[0];
      if (problem) throw invalid(`records.${i}.data.${problem.field}`, problem.message);
      const key = primaryKey.length ? recordKey(primaryKey, checked.data) : newId();
      if (typeof key !== 'string') throw invalid(`records.${i}.data.${key.missing}`, 'the primary key is empty');
      const doc: NewRecordDoc = {
        recordId: newId(),
        generation,
        seq: offset + i + 1,
        key,
        data: checked.data,
        tokens: tokenizeRecord(textAttributes, checked.data),
        labels: {},
      };
      const own = row.labels.map((label, j) => this.association(ctx, doc, label, `records.${i}.labels.${j}`));
      doc.labels = summaries(ctx.tasks, own);
      associations.push(...own);
      return doc;
    });
    try {
      await this.records.insertMany(projectId, docs);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) {
        throw new AppError('VALIDATION_FAILED', `payload.records: a primary key of records ${offset}–${offset + rows.length - 1} repeats an earlier record`);
      }
      throw error;
    }
    await this.associations.insertMany(projectId, associations);
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

  private association(ctx: PageContext, record: NewRecordDoc, label: SnapshotImportLabel, path: string): NewAssociationDoc {
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

/** The record's label summaries: every association of an import is visible once it commits. */
function summaries(tasks: ReadonlyMap<string, TaskDoc>, associations: readonly NewAssociationDoc[]): Record<string, LabelSummary> {
  const out: Record<string, LabelSummary> = {};
  for (const taskId of new Set(associations.map((a) => a.taskId))) {
    const task = tasks.get(taskId);
    const summary = task ? summarize(task.kind, associations.filter((a) => a.taskId === taskId)) : null;
    if (summary) out[taskId] = summary;
  }
  return out;
}
