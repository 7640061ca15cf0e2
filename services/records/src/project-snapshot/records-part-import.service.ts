import { Inject, Injectable } from '@nestjs/common';
import { snapshotId, remapIdFields, type Actor, type BulkSource } from '@refinery/contracts';
import { AppError, lineError, parseLines } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { checkRecordData } from '../attributes/attribute-values.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE, sourceScope } from '../generations/generation-rules.js';
import { ProjectRepository } from '../projects/project.repository.js';
import { recordKey } from '../records/record-key.js';
import { tokenizeRecord } from '../records/text-tokens.js';
import { newId } from '../shared/ids.js';
import { trustedProjectId, type ProjectId, type ProjectScope } from '../shared/project-scope.js';
import { SliceRepository } from '../slices/slice.repository.js';
import type { StoredAssociation, StoredRecord } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { AttributeLine, CommentLine, LabelLine, ProjectLine, RecordLine, SliceLine, SliceMembersLine, TaskLine } from './records-part-lines.js';
import { SnapshotCommentsRepository } from './snapshot-comments.repository.js';

export interface PageInput {
  importId: string;
  salt: string;
  collection: string;
  line: number;
  lines: readonly unknown[];
}

/**
 * The records part of a project-snapshot import. `begin` creates the project and opens a records
 * generation; pages write the schema, tasks and labels (new ids: `snapshotId(salt, old)`), then
 * records into that generation — manual and gold labels as ops of it, heuristic and
 * weak-supervision outputs into a new generation of their source — so nothing of them is visible
 * before `commit` flips every generation at once; slices and comments follow. `abort` removes the
 * project with all it holds.
 */
@Injectable()
export class RecordsPartImportService {
  /** Record ids and keys seen per import (a repeated one would silently replace a record). */
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    @Inject(ProjectRepository) private readonly projects: ProjectRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(SliceRepository) private readonly slices: SliceRepository,
    @Inject(CommentRepository) private readonly comments: CommentRepository,
    @Inject(SnapshotCommentsRepository) private readonly commentWriter: SnapshotCommentsRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
  ) {}

  async begin(actor: Actor, name: string): Promise<string> {
    if (actor.role === 'system' && actor.orgId === 'system') {
      throw new AppError('VALIDATION_FAILED', 'actor.orgId: a project needs the organization of a real actor');
    }
    const project = await this.projects.insert({ _id: newId(), orgId: actor.orgId, name, description: '', createdBy: actor.userId, createdAt: new Date() });
    const projectId = trustedProjectId(project._id);
    try {
      await this.generations.begin(projectId, RECORDS_SCOPE);
    } catch (error) {
      await this.remove(actor.orgId, projectId);
      throw error;
    }
    return project._id;
  }

  async page(scope: ProjectScope, input: PageInput): Promise<void> {
    const { projectId } = scope;
    const { salt, collection, line } = input;
    const id = (old: string) => snapshotId(salt, old);
    switch (collection) {
      case 'project': {
        const [p] = parseLines(ProjectLine, collection, line, input.lines);
        if (p) await this.projects.update(scope.orgId, projectId, { description: p.description });
        return;
      }
      case 'attributes': {
        const lines = parseLines(AttributeLine, collection, line, input.lines);
        await this.attributes.insertMany(projectId, lines.map((a) => ({ _id: id(a.id), name: a.name, dataType: a.dataType, position: a.position, isPrimaryKey: a.isPrimaryKey, visible: a.visible, origin: a.origin })));
        return;
      }
      case 'tasks': {
        const attributeIds = new Set((await this.attributes.list(projectId)).map((a) => a._id));
        for (const [i, t] of parseLines(TaskLine, collection, line, input.lines).entries()) {
          const attributeId = t.attributeId === null ? null : id(t.attributeId);
          if (attributeId !== null && !attributeIds.has(attributeId)) throw lineError(collection, line + i, 'attributeId', `attribute ${t.attributeId} is not in attributes.jsonl`);
          await this.tasks.insert(projectId, { _id: id(t.id), name: t.name, kind: t.kind, attributeId, createdAt: new Date(t.createdAt) });
        }
        return;
      }
      case 'labels': {
        const taskIds = new Set((await this.tasks.list(projectId)).map((t) => t._id));
        const lines = parseLines(LabelLine, collection, line, input.lines);
        lines.forEach((l, i) => {
          if (!taskIds.has(id(l.taskId))) throw lineError(collection, line + i, 'taskId', `task ${l.taskId} is not in tasks.jsonl`);
        });
        await this.labels.insertMany(projectId, lines.map((l) => ({ _id: id(l.id), taskId: id(l.taskId), name: l.name, color: l.color, hotkey: l.hotkey, position: l.position })));
        return;
      }
      case 'records':
        return this.records(scope, input);
      case 'slices': {
        for (const s of parseLines(SliceLine, collection, line, input.lines)) {
          const query = remapIdFields(s.query, salt) as Record<string, unknown>;
          await this.slices.insert(projectId, { _id: id(s.id), name: s.name, nameKey: s.name.toLowerCase(), kind: s.kind, query, recordIds: [], createdBy: s.createdBy, createdAt: new Date(s.createdAt), updatedAt: new Date(s.updatedAt) });
        }
        return;
      }
      case 'slice-members': {
        for (const [i, m] of parseLines(SliceMembersLine, collection, line, input.lines).entries()) {
          const slice = await this.slices.findById(projectId, id(m.sliceId));
          if (!slice) throw lineError(collection, line + i, 'sliceId', `slice ${m.sliceId} is not in slices.jsonl`);
          await this.slices.update(projectId, slice._id, { recordIds: [...slice.recordIds, ...m.recordIds.map(id)] });
        }
        return;
      }
      case 'comments': {
        const lines = parseLines(CommentLine, collection, line, input.lines);
        await this.commentWriter.insertMany(
          projectId,
          lines.map((c) => ({ _id: id(c.id), targetType: c.targetType, targetId: id(c.targetId), authorId: c.authorId, text: c.text, visibility: c.visibility, createdAt: new Date(c.createdAt), updatedAt: new Date(c.updatedAt) })),
        );
        return;
      }
      default:
        throw lineError(collection, line, '', `the records part has no collection "${collection}"`);
    }
  }

  /** Records into the open records generation; their labels into it (MANUAL, GOLD) or their source's open generation. */
  private async records(scope: ProjectScope, input: PageInput): Promise<void> {
    const { projectId } = scope;
    const { salt, line, importId } = input;
    const id = (old: string) => snapshotId(salt, old);
    const gen = (await this.generations.pointer(projectId, RECORDS_SCOPE)).writing;
    if (gen === null) throw new AppError('CONFLICT', `project ${projectId} has no records import open (committed or aborted)`);
    const attributes = await this.attributes.list(projectId);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const attributeNames = new Map(attributes.map((a) => [a._id, a.name]));
    const tasks = new Map((await this.tasks.list(projectId)).map((t) => [t._id, t]));
    const labelTask = new Map((await this.labels.listOfProject(projectId)).map((l) => [l._id, l.taskId]));
    const seen = this.seen.get(importId) ?? new Set<string>();
    this.seen.set(importId, seen);
    const manual: StoredAssociation[] = [];
    const bySource = new Map<string, { source: BulkSource; sourceId: string; items: StoredAssociation[] }>();
    const docs: StoredRecord[] = [];
    for (const [i, r] of parseLines(RecordLine, 'records', line, input.lines).entries()) {
      const at = line + i;
      const checked = checkRecordData(attributes, r.data, false);
      const problem = checked.problems[0];
      if (problem) throw lineError('records', at, `data.${problem.field}`, problem.message);
      const recordId = id(r.id);
      if (seen.has(recordId)) throw lineError('records', at, 'id', `record ${r.id} repeats an earlier line`);
      // With a primary key the key follows from the data (uploads match on it); without one it is an opaque id, kept.
      const key = primaryKey.length ? recordKey(primaryKey, checked.data) : r.key;
      if (typeof key !== 'string') throw lineError('records', at, `data.${key.missing}`, 'the primary key is empty');
      if (seen.has(`key:${key}`)) throw lineError('records', at, 'key', `primary key ${key} repeats an earlier record`);
      seen.add(recordId);
      seen.add(`key:${key}`);
      const record: StoredRecord = { recordId, seq: r.seq, key, data: checked.data, tokens: tokenizeRecord(textAttributes, checked.data) };
      docs.push(record);
      for (const [j, a] of r.labels.entries()) {
        const field = `labels.${j}`;
        const taskId = id(a.taskId);
        const task = tasks.get(taskId);
        if (!task) throw lineError('records', at, `${field}.taskId`, `task ${a.taskId} is not in tasks.jsonl`);
        if (labelTask.get(id(a.labelId)) !== taskId) throw lineError('records', at, `${field}.labelId`, `label ${a.labelId} is not a label of task "${task.name}"`);
        const bulk = a.source === 'HEURISTIC' || a.source === 'WEAK_SUPERVISION';
        if (bulk !== (a.sourceId !== null)) throw lineError('records', at, `${field}.sourceId`, bulk ? `${a.source} needs a sourceId` : `${a.source} has no sourceId`);
        if (task.kind === 'EXTRACTION') {
          const text = record.data[task.attributeId ? (attributeNames.get(task.attributeId) ?? '') : ''];
          const length = typeof text === 'string' ? text.length : 0;
          if (a.start === null || a.end === null || a.start >= a.end || a.end > length) {
            throw lineError('records', at, `${field}.end`, `span [${a.start}, ${a.end}) is not inside the text (length ${length})`);
          }
        } else if (a.start !== null || a.end !== null) {
          throw lineError('records', at, `${field}.start`, 'spans are only for extraction tasks');
        }
        const item: StoredAssociation = {
          _id: id(a.id),
          recordId,
          taskId,
          labelId: id(a.labelId),
          source: a.source,
          userId: a.userId,
          sourceId: a.sourceId === null ? null : id(a.sourceId),
          confidence: a.confidence,
          start: a.start,
          end: a.end,
          text: a.text,
          generation: gen,
          createdAt: new Date(a.createdAt),
        };
        if (!bulk || item.sourceId === null) {
          manual.push(item);
          continue;
        }
        const scopeKey = sourceScope(a.source as BulkSource, item.sourceId);
        const group = bySource.get(scopeKey) ?? { source: a.source as BulkSource, sourceId: item.sourceId, items: [] };
        group.items.push(item);
        bySource.set(scopeKey, group);
      }
    }
    await this.store.writeRecordPage(projectId, gen, line, docs);
    if (manual.length) await this.store.append(projectId, { t: 'add', gen, items: manual });
    for (const [scopeKey, group] of bySource) {
      const pointer = await this.generations.pointer(projectId, scopeKey);
      const sourceGen = pointer.writing ?? (await this.generations.begin(projectId, scopeKey));
      for (const item of group.items) item.generation = sourceGen;
      await this.store.writeSourcePage(projectId, group.source, group.sourceId, sourceGen, group.items);
    }
  }

  /** Flips the records generation and every source generation the import opened. */
  async commit(scope: ProjectScope, importId: string): Promise<Record<string, number>> {
    const { projectId } = scope;
    const pointers = await this.generations.all(projectId);
    const records = pointers.get(RECORDS_SCOPE)?.writing ?? null;
    if (records === null || !(await this.generations.commit(projectId, RECORDS_SCOPE, records))) {
      throw new AppError('CONFLICT', `project ${projectId} has no records import open (committed or aborted)`);
    }
    for (const [scopeKey, p] of pointers) {
      if (scopeKey !== RECORDS_SCOPE && p.writing !== null) await this.generations.commit(projectId, scopeKey, p.writing);
    }
    this.seen.delete(importId);
    this.store.invalidate(projectId);
    const state = await this.store.state(projectId);
    let outputs = 0;
    for (const s of state.allSources()) outputs += s.count;
    return {
      records: state.records.size,
      manual: state.countLive('MANUAL'),
      gold: state.countLive('GOLD'),
      outputs,
      tasks: await this.tasks.count(projectId),
      slices: await this.slices.count(projectId),
      comments: await this.comments.count(projectId),
    };
  }

  async abort(scope: ProjectScope, importId: string): Promise<void> {
    this.seen.delete(importId);
    await this.remove(scope.orgId, scope.projectId);
  }

  /** The project document first (nobody sees it any more), then what hangs on it. */
  private async remove(orgId: string, projectId: ProjectId): Promise<void> {
    await this.projects.delete(orgId, projectId);
    await this.store.drop(projectId);
    for (const repo of [this.attributes, this.tasks, this.labels, this.slices, this.comments]) await repo.purge(projectId);
  }
}
