import { Inject, Injectable } from '@nestjs/common';
import type { TaskOverview } from '@refinery/contracts';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { BrowserService } from '../browser/browser.service.js';
import { RecordReader } from '../records/record-reader.service.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { StoredAssociation } from '../store/project-state.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import { taskOverview, type OverviewRecord } from './task-overview.js';

/** Overview statistics of a task over the project or a data slice. */
@Injectable()
export class OverviewService {
  constructor(
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(BrowserService) private readonly browser: BrowserService,
  ) {}

  async task(scope: ProjectScope, taskId: string, sliceId: string | undefined): Promise<TaskOverview> {
    const { task, labels } = await this.catalog.require(scope.projectId, taskId);
    const state = await this.records.state(scope.projectId);
    const attribute = task.kind === 'EXTRACTION' && task.attributeId ? await this.attributes.findById(scope.projectId, task.attributeId) : null;
    const ids = sliceId ? (await this.browser.orderedIds(scope, {}, sliceId, Number.MAX_SAFE_INTEGER)).ids : null;
    const inScope = ids ? ids.flatMap((id) => state.records.get(id) ?? []) : state.records.values();
    // The overview reads manual, gold and weak-supervision labels; heuristic outputs are not needed.
    const byRecord = state.associationsOfTask(task._id, (s) => s.source === 'WEAK_SUPERVISION');
    const none: StoredAssociation[] = [];
    const rows = function* (): Generator<OverviewRecord> {
      for (const r of inScope) yield { associations: byRecord.get(r.recordId) ?? none, tokens: attribute ? r.tokens[attribute.name] : undefined };
    };
    return taskOverview(task._id, task.kind, labels.map((l) => l._id), rows());
  }
}
