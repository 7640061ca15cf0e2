import type { RowLabel } from '@refinery/ingest';
import { AppError } from '@refinery/server-core';
import type { AttributeDoc } from '../attributes/attribute.schema.js';
import type { WrittenRow } from '../records/record-writer.service.js';
import { newId } from '../shared/ids.js';
import type { ProjectId } from '../shared/project-scope.js';
import type { Owner, StoredAssociation } from '../store/project-state.js';
import type { ProjectStore } from '../store/project-store.service.js';
import type { LabelsService } from '../tasks/labels.service.js';
import type { LabelRepository } from '../tasks/label.repository.js';
import type { TaskRepository } from '../tasks/task.repository.js';

export interface ImportRow {
  row: number;
  data: Record<string, string | number | boolean | string[] | null>;
  labels: readonly RowLabel[];
}

interface TaskState {
  taskId: string;
  labels: Map<string, string>;
  nextPosition: number;
}

export interface LabelImportDeps {
  tasks: TaskRepository;
  labels: LabelRepository;
  labelsService: LabelsService;
  store: ProjectStore;
}

/**
 * Turns an upload's label columns (`attribute__task`, `__task`) into classification tasks,
 * labels (created as values appear) and MANUAL associations of the uploader, written in the
 * upload's generation so they appear together with the records.
 */
export class LabelImport {
  private readonly tasks = new Map<string, TaskState>();
  readonly createdTaskIds: string[] = [];
  imported = 0;

  constructor(
    private readonly deps: LabelImportDeps,
    private readonly projectId: ProjectId,
    private readonly userId: string,
  ) {}

  /** Finds or creates the task of every label column. */
  async prepare(columns: readonly { attribute: string | null; task: string }[], attributes: readonly AttributeDoc[]): Promise<void> {
    for (const column of columns) {
      const name = column.task;
      if (this.tasks.has(name.toLowerCase())) continue;
      let task = await this.deps.tasks.findByName(this.projectId, name);
      if (task && task.kind === 'EXTRACTION') {
        throw new AppError('VALIDATION_FAILED', `label column for "${name}": that task is an extraction task; only classification labels can be uploaded`, {
          problems: [{ code: 'SCHEMA_MISMATCH', column: column.attribute ? `${column.attribute}__${name}` : `__${name}`, message: `"${name}" is an extraction task` }],
        });
      }
      if (!task) {
        const attributeId = column.attribute ? (attributes.find((a) => a.name === column.attribute)?._id ?? null) : null;
        task = await this.deps.tasks.insert(this.projectId, { _id: newId(), name, kind: 'CLASSIFICATION', attributeId, createdAt: new Date() });
        this.createdTaskIds.push(task._id);
      }
      const labels = await this.deps.labels.listOfTask(this.projectId, task._id);
      this.tasks.set(name.toLowerCase(), {
        taskId: task._id,
        labels: new Map(labels.map((l) => [l.name.toLowerCase(), l._id])),
        nextPosition: labels.length,
      });
    }
  }

  async write(rows: readonly WrittenRow<ImportRow>[], generation: number): Promise<void> {
    const docs: StoredAssociation[] = [];
    const owners: Owner[] = [];
    const createdAt = new Date();
    for (const { row, recordId } of rows) {
      for (const label of row.labels) {
        const state = this.tasks.get(label.task.toLowerCase());
        if (!state || !label.value) continue;
        const labelId = await this.labelId(state, label.value);
        docs.push({
          _id: newId(),
          recordId,
          taskId: state.taskId,
          labelId,
          source: 'MANUAL',
          userId: this.userId,
          sourceId: null,
          confidence: null,
          start: null,
          end: null,
          text: null,
          generation,
          createdAt,
        });
        owners.push({ recordId, taskId: state.taskId, source: 'MANUAL', userId: this.userId });
      }
    }
    // The upload's labels replace the uploader's earlier ones on these records, from the commit on.
    if (docs.length) await this.deps.store.append(this.projectId, { t: 'replace', gen: generation, owners, items: docs });
    this.imported += docs.length;
  }

  private async labelId(state: TaskState, value: string): Promise<string> {
    const known = state.labels.get(value.toLowerCase());
    if (known) return known;
    const [created] = await this.deps.labelsService.insertNew(this.projectId, state.taskId, state.nextPosition, [{ name: value }]);
    if (!created) throw new Error(`label "${value}" not created`);
    state.nextPosition++;
    state.labels.set(value.toLowerCase(), created._id);
    return created._id;
  }
}
