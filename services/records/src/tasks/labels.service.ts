import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import { AssociationEvents, TaskEvents, type Label } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectId, ProjectScope } from '../shared/project-scope.js';
import { ProjectStore } from '../store/project-store.service.js';
import { defaultColor } from './label-colors.js';
import { LabelRepository } from './label.repository.js';
import type { LabelDoc } from './label.schema.js';
import { TaskCatalog, toLabel } from './task-catalog.service.js';

export interface LabelInput {
  name: string;
  color?: string | undefined;
  hotkey?: string | undefined;
}

@Injectable()
export class LabelsService {
  constructor(
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async create(scope: ProjectScope, taskId: string, input: LabelInput): Promise<Label> {
    const { task, labels } = await this.catalog.require(scope.projectId, taskId);
    checkClashes(labels, null, input.name, input.hotkey ?? null);
    const [created] = await this.insertNew(scope.projectId, task._id, labels.length, [input]);
    if (!created) throw new Error('label not created');
    this.changed(scope, task._id);
    return toLabel(created);
  }

  /** Appends labels to a task (also used by task creation and uploads). */
  insertNew(projectId: ProjectId, taskId: string, firstPosition: number, inputs: readonly LabelInput[]): Promise<LabelDoc[]> {
    return this.labels.insertMany(
      projectId,
      inputs.map((l, i) => ({
        _id: newId(),
        taskId,
        name: l.name,
        color: l.color ?? defaultColor(firstPosition + i),
        hotkey: l.hotkey ?? null,
        position: firstPosition + i,
      })),
    );
  }

  /** Labels given together (task creation) must not clash among themselves. */
  checkUniqueWithin(inputs: readonly LabelInput[]): void {
    const accepted: LabelDoc[] = [];
    for (const input of inputs) {
      checkClashes(accepted, null, input.name, input.hotkey ?? null);
      accepted.push({ _id: String(accepted.length), name: input.name, hotkey: input.hotkey ?? null } as LabelDoc);
    }
  }

  async update(
    scope: ProjectScope,
    input: { labelId: string; name?: string | undefined; color?: string | undefined; hotkey?: string | null | undefined },
  ): Promise<Label> {
    const label = await this.catalog.requireLabel(scope.projectId, input.labelId);
    const { labels } = await this.catalog.require(scope.projectId, label.taskId);
    const hotkey = input.hotkey === undefined ? label.hotkey : input.hotkey;
    checkClashes(labels, label._id, input.name ?? label.name, hotkey);
    const set: Partial<Pick<LabelDoc, 'name' | 'color' | 'hotkey'>> = { hotkey };
    if (input.name !== undefined) set.name = input.name;
    if (input.color !== undefined) set.color = input.color;
    const updated = await this.labels.update(scope.projectId, label, set);
    this.changed(scope, label.taskId);
    return toLabel(updated);
  }

  async delete(scope: ProjectScope, labelId: string): Promise<{ deletedAssociations: number }> {
    const label = await this.catalog.requireLabel(scope.projectId, labelId);
    const state = await this.store.state(scope.projectId);
    const recordIds = state.recordIdsWithLabel(labelId);
    const deletedAssociations = state.countWhere((a) => a.labelId === labelId);
    await this.labels.delete(scope.projectId, labelId);
    await this.store.append(scope.projectId, { t: 'drop-label', gen: state.recordsGeneration, labelId });
    const { labels } = await this.catalog.require(scope.projectId, label.taskId);
    await this.labels.setPositions(scope.projectId, labels.map((l) => l._id));
    this.changed(scope, label.taskId);
    if (recordIds.length) {
      this.events.publish(AssociationEvents.changed, scope.projectId, {
        projectId: scope.projectId,
        taskId: label.taskId,
        source: 'MANUAL',
        sourceId: null,
        recordIds: recordIds.slice(0, 1_000),
        truncated: recordIds.length > 1_000,
      });
    }
    return { deletedAssociations };
  }

  async reorder(scope: ProjectScope, taskId: string, labelIds: readonly string[]): Promise<Label[]> {
    const { labels } = await this.catalog.require(scope.projectId, taskId);
    const known = new Set(labels.map((l) => l._id));
    labelIds.forEach((id, i) => {
      if (!known.has(id)) throw invalid(`labelIds.${i}`, `label ${id} is not a label of this task`);
      if (labelIds.indexOf(id) !== i) throw invalid(`labelIds.${i}`, `label ${id} is listed twice`);
    });
    if (labelIds.length !== labels.length) {
      throw invalid('labelIds', `must list all ${labels.length} labels of the task, got ${labelIds.length}`);
    }
    await this.labels.setPositions(scope.projectId, labelIds);
    this.changed(scope, taskId);
    return (await this.catalog.require(scope.projectId, taskId)).labels.map(toLabel);
  }

  private changed(scope: ProjectScope, taskId: string): void {
    this.events.publish(TaskEvents.changed, scope.projectId, { projectId: scope.projectId, taskId, change: 'labels-changed' });
  }
}

function checkClashes(labels: readonly LabelDoc[], self: string | null, name: string, hotkey: string | null): void {
  const others = labels.filter((l) => l._id !== self);
  if (others.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
    throw new AppError('CONFLICT', `the task already has a label named "${name}"`);
  }
  const owner = hotkey === null ? undefined : others.find((l) => l.hotkey === hotkey);
  if (owner) throw new AppError('CONFLICT', `hotkey "${hotkey}" is already used by label "${owner.name}"`);
}
