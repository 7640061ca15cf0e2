import { Inject, Injectable } from '@nestjs/common';
import type { Label, LabelingTask } from '@refinery/contracts';
import { notFound } from '../shared/errors.js';
import type { ProjectId } from '../shared/project-scope.js';
import { LabelRepository } from './label.repository.js';
import type { LabelDoc } from './label.schema.js';
import { TaskRepository } from './task.repository.js';
import type { TaskDoc } from './task.schema.js';

export interface TaskWithLabels {
  task: TaskDoc;
  labels: LabelDoc[];
}

/** Looks tasks and labels up for every feature that labels records. */
@Injectable()
export class TaskCatalog {
  constructor(
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
  ) {}

  async require(projectId: ProjectId, taskId: string): Promise<TaskWithLabels> {
    const task = await this.tasks.findById(projectId, taskId);
    if (!task) throw notFound('labeling task', taskId);
    return { task, labels: await this.labels.listOfTask(projectId, taskId) };
  }

  async requireLabel(projectId: ProjectId, labelId: string): Promise<LabelDoc> {
    const label = await this.labels.findById(projectId, labelId);
    if (!label) throw notFound('label', labelId);
    return label;
  }

  async all(projectId: ProjectId): Promise<LabelingTask[]> {
    const [tasks, labels] = await Promise.all([this.tasks.list(projectId), this.labels.listOfProject(projectId)]);
    return tasks.map((t) => toTask(t, labels.filter((l) => l.taskId === t._id)));
  }
}

export function toLabel(doc: LabelDoc): Label {
  return { id: doc._id, taskId: doc.taskId, name: doc.name, color: doc.color, hotkey: doc.hotkey, position: doc.position };
}

export function toTask(task: TaskDoc, labels: readonly LabelDoc[]): LabelingTask {
  return {
    id: task._id,
    name: task.name,
    kind: task.kind,
    attributeId: task.attributeId,
    labels: [...labels].sort((a, b) => a.position - b.position).map(toLabel),
  };
}
