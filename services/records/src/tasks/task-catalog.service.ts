import { Inject, Injectable } from '@nestjs/common';
import type { Label, LabelingTask, TaskKind } from '@refinery/contracts';
import { CatalogChanges } from '../shared/catalog-changes.js';
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

interface CatalogEntry {
  tasks: TaskDoc[];
  labels: LabelDoc[];
  at: number;
  version: number;
}

/** A safety net: other replicas' edits arrive as notices (CatalogChanges) at once. */
const CATALOG_TTL_MS = 1_000;

/**
 * Looks tasks and labels up for every feature that labels records. The project's catalog is
 * cached briefly (a manual label must not pay two scans of FerretDB); every task or label
 * write in this process bumps CatalogChanges, which drops the cached copy.
 */
@Injectable()
export class TaskCatalog {
  private readonly cache = new Map<string, Promise<CatalogEntry>>();

  constructor(
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(CatalogChanges) private readonly changes: CatalogChanges,
  ) {}

  private async entry(projectId: ProjectId): Promise<CatalogEntry> {
    const cached = this.cache.get(projectId);
    if (cached) {
      const entry = await cached;
      if (Date.now() - entry.at < CATALOG_TTL_MS && entry.version === this.changes.version(projectId)) return entry;
    }
    await this.changes.ready();
    const version = this.changes.version(projectId);
    const loading = Promise.all([this.tasks.list(projectId), this.labels.listOfProject(projectId)]).then(([tasks, labels]) => ({ tasks, labels, at: Date.now(), version }));
    loading.catch(() => this.cache.delete(projectId));
    this.cache.set(projectId, loading);
    if (this.cache.size > 256) this.cache.delete(this.cache.keys().next().value ?? '');
    return loading;
  }

  async require(projectId: ProjectId, taskId: string): Promise<TaskWithLabels> {
    const { tasks, labels } = await this.entry(projectId);
    const task = tasks.find((t) => t._id === taskId);
    if (!task) throw notFound('labeling task', taskId);
    return { task, labels: labels.filter((l) => l.taskId === taskId).sort((a, b) => a.position - b.position) };
  }

  async requireLabel(projectId: ProjectId, labelId: string): Promise<LabelDoc> {
    const label = (await this.entry(projectId)).labels.find((l) => l._id === labelId);
    if (!label) throw notFound('label', labelId);
    return label;
  }

  /** Kind of every task by id. */
  async kinds(projectId: ProjectId): Promise<Map<string, TaskKind>> {
    return new Map((await this.entry(projectId)).tasks.map((t) => [t._id, t.kind]));
  }

  async list(projectId: ProjectId): Promise<TaskDoc[]> {
    return (await this.entry(projectId)).tasks;
  }

  async all(projectId: ProjectId): Promise<LabelingTask[]> {
    const { tasks, labels } = await this.entry(projectId);
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
