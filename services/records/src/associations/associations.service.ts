import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import {
  AssociationEvents,
  type Actor,
  type LabelAssociation,
  type ReferenceLabels,
} from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { RecordReader } from '../records/record-reader.service.js';
import { compactTokens, snapToTokens } from '../records/text-tokens.js';
import { invalid, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { StoredAssociation } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import type { AssociationDoc } from './association.js';
import { toAssociation } from './association-view.js';
import { referenceLabels } from './reference-labels.js';

export interface ClassifyInput {
  recordId: string;
  taskId: string;
  labelIds: string[];
  gold: boolean;
}

export interface SpanInput {
  recordId: string;
  taskId: string;
  labelId: string;
  start: number;
  end: number;
  gold: boolean;
}

/** Who may set gold labels (reference data for the whole team). */
const GOLD_ROLES: ReadonlySet<Actor['role']> = new Set(['owner', 'engineer', 'system']);

/** Manual and gold labels, one record at a time (bulk sources: ReplaceSourceService). */
@Injectable()
export class AssociationsService {
  constructor(
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async classify(scope: ProjectScope, input: ClassifyInput): Promise<LabelAssociation[]> {
    if (input.gold) checkGoldRole(scope.actor);
    const { task, labels } = await this.catalog.require(scope.projectId, input.taskId);
    if (task.kind === 'EXTRACTION') {
      throw invalid('taskId', `task "${task.name}" is an extraction task; label spans with records.associations.add-span.v1`);
    }
    const known = new Set(labels.map((l) => l._id));
    input.labelIds.forEach((id, i) => {
      if (!known.has(id)) throw invalid(`labelIds.${i}`, `label ${id} is not a label of task "${task.name}"`);
    });
    const labelIds = [...new Set(input.labelIds)];
    if (task.kind === 'CLASSIFICATION' && labelIds.length > 1) {
      throw invalid('labelIds', `task "${task.name}" is single-label: give at most one label`);
    }
    const generation = await this.requireRecord(scope, input.recordId);
    const source = input.gold ? 'GOLD' : 'MANUAL';
    const createdAt = new Date();
    const docs = labelIds.map((labelId) =>
      newDoc(scope, { recordId: input.recordId, taskId: task._id, labelId, source, generation, createdAt }),
    );
    await this.store.append(scope.projectId, {
      t: 'replace',
      gen: generation,
      owners: [{ recordId: input.recordId, taskId: task._id, source, userId: source === 'GOLD' ? null : scope.actor.userId }],
      items: docs,
    });
    this.afterChange(scope, task._id, source, input.recordId);
    return docs.map((d) => toAssociation({ ...d, projectId: scope.projectId }));
  }

  async addSpan(scope: ProjectScope, input: SpanInput): Promise<LabelAssociation> {
    if (input.gold) checkGoldRole(scope.actor);
    const { task, labels } = await this.catalog.require(scope.projectId, input.taskId);
    if (task.kind !== 'EXTRACTION' || task.attributeId === null) {
      throw invalid('taskId', `task "${task.name}" is a classification task; set its labels with records.associations.classify.v1`);
    }
    const label = labels.find((l) => l._id === input.labelId);
    if (!label) throw invalid('labelId', `label ${input.labelId} is not a label of task "${task.name}"`);
    const attribute = await this.attributes.findById(scope.projectId, task.attributeId);
    const state = await this.records.state(scope.projectId);
    const record = state.records.get(input.recordId);
    if (!record || !attribute) throw notFound('record', input.recordId);
    const text = record.data[attribute.name];
    if (typeof text !== 'string') throw invalid('recordId', `the record has no text in "${attribute.name}"`);
    if (input.end > text.length) {
      throw invalid('end', `${input.end} is outside the text of "${attribute.name}" (length ${text.length})`);
    }
    const span = snapToTokens(record.tokens[attribute.name] ?? compactTokens(text), text, input.start, input.end);
    if (!span) throw invalid('start', `[${input.start}, ${input.end}) covers no token of "${attribute.name}" (only whitespace)`);
    const source = input.gold ? 'GOLD' : 'MANUAL';
    const userId = scope.actor.userId;
    const same = state
      .associationsOf(record.recordId, task._id)
      .find((a) => a.labelId === label._id && a.source === source && a.userId === userId && a.start === span.start && a.end === span.end);
    if (same) return toAssociation({ ...same, projectId: scope.projectId });
    const doc = newDoc(scope, {
      recordId: record.recordId,
      taskId: task._id,
      labelId: label._id,
      source,
      generation: state.recordsGeneration,
      createdAt: new Date(),
      start: span.start,
      end: span.end,
      text: text.slice(span.start, span.end),
    });
    await this.store.append(scope.projectId, { t: 'add', gen: state.recordsGeneration, items: [doc] });
    this.afterChange(scope, task._id, source, record.recordId);
    if (source === 'MANUAL') {
      this.events.publish(AssociationEvents.spanLabelled, scope.projectId, {
        projectId: scope.projectId,
        taskId: task._id,
        labelId: label._id,
        labelName: label.name,
        text: doc.text ?? '',
      });
    }
    return toAssociation({ ...doc, projectId: scope.projectId });
  }

  async remove(scope: ProjectScope, associationId: string): Promise<void> {
    const state = await this.records.state(scope.projectId);
    const doc = state.liveAssociation(associationId);
    if (!doc) throw notFound('label association', associationId);
    if (doc.source === 'MANUAL' && doc.userId !== scope.actor.userId && scope.actor.role !== 'system') {
      throw new AppError('FORBIDDEN', 'only its annotator removes a manual label');
    }
    if (doc.source === 'GOLD') checkGoldRole(scope.actor);
    await this.store.append(scope.projectId, { t: 'remove', gen: state.recordsGeneration, ids: [associationId] });
    this.afterChange(scope, doc.taskId, doc.source, doc.recordId);
  }

  async list(
    scope: ProjectScope,
    recordId: string,
    taskId: string | undefined,
  ): Promise<{ associations: LabelAssociation[]; reference: ReferenceLabels[] }> {
    await this.requireRecord(scope, recordId);
    const visible = (await this.records.state(scope.projectId)).associationsOf(recordId, taskId);
    const tasks = (await this.catalog.all(scope.projectId)).filter((t) => visible.some((a) => a.taskId === t.id));
    const reference = tasks.map((t) => {
      const of = (source: AssociationDoc['source']) => visible.filter((a) => a.taskId === t.id && a.source === source);
      return { taskId: t.id, ...referenceLabels(t.kind, of('MANUAL'), of('GOLD')) };
    });
    return { associations: visible.map((a) => toAssociation({ ...a, projectId: scope.projectId })), reference };
  }

  /** The records generation in force (live labels are stamped with it). */
  private async requireRecord(scope: ProjectScope, recordId: string): Promise<number> {
    const state = await this.records.state(scope.projectId);
    if (!state.records.has(recordId)) throw notFound('record', recordId);
    return state.recordsGeneration;
  }

  private afterChange(scope: ProjectScope, taskId: string, source: AssociationDoc['source'], recordId: string): void {
    this.events.publish(AssociationEvents.changed, scope.projectId, {
      projectId: scope.projectId,
      taskId,
      source,
      sourceId: null,
      recordIds: [recordId],
      truncated: false,
    });
  }
}

function checkGoldRole(actor: Actor): void {
  if (!GOLD_ROLES.has(actor.role)) throw new AppError('FORBIDDEN', `a ${actor.role} cannot set or remove gold labels`);
}

function newDoc(
  scope: ProjectScope,
  d: Pick<AssociationDoc, 'recordId' | 'taskId' | 'labelId' | 'source' | 'generation' | 'createdAt'> &
    Partial<Pick<AssociationDoc, 'start' | 'end' | 'text'>>,
): StoredAssociation {
  return {
    _id: newId(),
    recordId: d.recordId,
    taskId: d.taskId,
    labelId: d.labelId,
    source: d.source,
    userId: scope.actor.userId,
    sourceId: null,
    confidence: null,
    start: d.start ?? null,
    end: d.end ?? null,
    text: d.text ?? null,
    generation: d.generation,
    createdAt: d.createdAt,
  };
}
