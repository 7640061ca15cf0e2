import { Inject, Injectable } from '@nestjs/common';
import type { LabelSummary, RecordView } from '@refinery/contracts';
import { summarize } from '../associations/label-summary.js';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import type { ProjectId } from '../shared/project-scope.js';
import type { ProjectState, StoredRecord } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';

/** Reads the committed records of a project (from the store's in-memory state). */
@Injectable()
export class RecordReader {
  constructor(
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
  ) {}

  state(projectId: ProjectId): Promise<ProjectState> {
    return this.store.state(projectId);
  }

  async count(projectId: ProjectId): Promise<number> {
    return (await this.store.state(projectId)).records.size;
  }

  async get(projectId: ProjectId, recordId: string): Promise<StoredRecord | null> {
    return (await this.store.state(projectId)).records.get(recordId) ?? null;
  }

  async getMany(projectId: ProjectId, recordIds: readonly string[]): Promise<StoredRecord[]> {
    const state = await this.store.state(projectId);
    return recordIds.flatMap((id) => state.records.get(id) ?? []);
  }

  async existingIds(projectId: ProjectId, recordIds: readonly string[]): Promise<Set<string>> {
    const state = await this.store.state(projectId);
    return new Set(recordIds.filter((id) => state.records.has(id)));
  }

  async page(projectId: ProjectId, afterSeq: number, limit: number): Promise<StoredRecord[]> {
    return (await this.store.state(projectId)).page(afterSeq, limit);
  }

  /** -1 without records, so the next running id is 0. */
  async maxRunningId(projectId: ProjectId): Promise<number> {
    let max = -1;
    for (const r of (await this.store.state(projectId)).records.values()) {
      const v = r.data['running_id'];
      if (typeof v === 'number' && v > max) max = v;
    }
    return max;
  }

  async idsInOrder(projectId: ProjectId, limit: number): Promise<string[]> {
    return (await this.store.state(projectId)).page(-1, limit).map((r) => r.recordId);
  }

  /** The browser-facing view: values, order, and a label summary per task (computed from the state). */
  async views(projectId: ProjectId, records: readonly StoredRecord[], withTokens: boolean): Promise<RecordView[]> {
    const [state, kinds, attributes] = await Promise.all([this.store.state(projectId), this.catalog.kinds(projectId), this.attributes.list(projectId)]);
    const names = attributes.map((a) => a.name);
    return records.map((r) => {
      const labels: Record<string, LabelSummary> = {};
      const byTask = new Map<string, ReturnType<ProjectState['associationsOf']>>();
      for (const a of state.associationsOf(r.recordId)) {
        const list = byTask.get(a.taskId);
        if (list) list.push(a);
        else byTask.set(a.taskId, [a]);
      }
      for (const [taskId, list] of byTask) {
        const kind = kinds.get(taskId);
        const summary = kind ? summarize(kind, list) : null;
        if (summary) labels[taskId] = summary;
      }
      // Every attribute is in `data`: one added (or computed) after a record was written is null there.
      const data = names.every((n) => n in r.data) ? r.data : { ...Object.fromEntries(names.map((n) => [n, null])), ...r.data };
      const view: RecordView = { id: r.recordId, seq: r.seq, key: r.key, data, labels };
      if (withTokens) view.tokens = r.tokens;
      return view;
    });
  }
}
