import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import { TaskEvents, type LabelingTask, type TaskKind } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelsService, type LabelInput } from './labels.service.js';
import { LabelRepository } from './label.repository.js';
import { TaskCatalog, toTask } from './task-catalog.service.js';
import { TaskRepository } from './task.repository.js';

export interface TaskInput {
  name: string;
  kind: TaskKind;
  attributeId: string | null;
  labels: LabelInput[];
}

@Injectable()
export class TasksService {
  constructor(
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labelRepo: LabelRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(LabelsService) private readonly labels: LabelsService,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  list(scope: ProjectScope): Promise<LabelingTask[]> {
    return this.catalog.all(scope.projectId);
  }

  async create(scope: ProjectScope, input: TaskInput): Promise<LabelingTask> {
    await this.checkTarget(scope, input.kind, input.attributeId);
    this.labels.checkUniqueWithin(input.labels);
    if (await this.tasks.findByName(scope.projectId, input.name)) {
      throw new AppError('CONFLICT', `a labeling task named "${input.name}" already exists in this project`);
    }
    const task = await this.tasks.insert(scope.projectId, {
      _id: newId(),
      name: input.name,
      kind: input.kind,
      attributeId: input.attributeId,
      createdAt: new Date(),
    });
    const labels = await this.labels.insertNew(scope.projectId, task._id, 0, input.labels);
    this.events.publish(TaskEvents.changed, scope.projectId, { projectId: scope.projectId, taskId: task._id, change: 'created' });
    return toTask(task, labels);
  }

  async rename(scope: ProjectScope, taskId: string, name: string): Promise<LabelingTask> {
    const { task, labels } = await this.catalog.require(scope.projectId, taskId);
    const clash = await this.tasks.findByName(scope.projectId, name);
    if (clash && clash._id !== task._id) {
      throw new AppError('CONFLICT', `a labeling task named "${name}" already exists in this project`);
    }
    await this.tasks.rename(scope.projectId, task._id, name);
    this.events.publish(TaskEvents.changed, scope.projectId, { projectId: scope.projectId, taskId, change: 'renamed' });
    return toTask({ ...task, name }, labels);
  }

  async delete(scope: ProjectScope, taskId: string): Promise<{ deletedLabels: number; deletedAssociations: number }> {
    const { task } = await this.catalog.require(scope.projectId, taskId);
    // The task goes first so nobody labels with it any more; then what hangs on it.
    await this.tasks.delete(scope.projectId, task._id);
    const state = await this.store.state(scope.projectId);
    const deletedAssociations = state.countWhere((a) => a.taskId === task._id);
    await this.store.append(scope.projectId, { t: 'drop-task', gen: state.recordsGeneration, taskId: task._id });
    const deletedLabels = await this.labelRepo.deleteOfTask(scope.projectId, task._id);
    this.events.publish(TaskEvents.changed, scope.projectId, { projectId: scope.projectId, taskId, change: 'deleted' });
    return { deletedLabels, deletedAssociations };
  }

  private async checkTarget(scope: ProjectScope, kind: TaskKind, attributeId: string | null): Promise<void> {
    if (attributeId === null) {
      if (kind === 'EXTRACTION') throw invalid('attributeId', 'an extraction task needs a TEXT attribute');
      return;
    }
    const attribute = await this.attributes.findById(scope.projectId, attributeId);
    if (!attribute) throw invalid('attributeId', `attribute ${attributeId} does not exist in this project`);
    if (kind === 'EXTRACTION' && attribute.dataType !== 'TEXT') {
      throw invalid('attributeId', `an extraction task needs a TEXT attribute; "${attribute.name}" is ${attribute.dataType}`);
    }
  }
}
