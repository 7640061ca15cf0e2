import { Inject, Injectable } from '@nestjs/common';
import {
  AssociationSubjects,
  AttributeSubjects,
  AttributeValueSubjects,
  LabelMatrixSubjects,
  RecordSubjects,
  TaskSubjects,
  type Attribute,
  type LabelingTask,
  type AttributeValuesRequest,
  type ReplaceSourceRequest,
  type RecordView,
} from '@refinery/contracts';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';

export interface RecordPage {
  records: RecordView[];
  total: number;
  nextAfterSeq: number | null;
}

/** Records' largest page (`records.records.list.v1`). */
export const RECORDS_PAGE = 2_000;

/** What this service asks the records service, always as the scope's actor in its project. */
@Injectable()
export class RecordsClient {
  constructor(@Inject(NATS_BUS) private readonly bus: NatsBus) {}

  private meta(scope: ProjectScope, timeoutMs?: number) {
    return { actor: scope.actor, projectId: scope.projectId, ...(timeoutMs ? { timeoutMs } : {}) };
  }

  async tasks(scope: ProjectScope): Promise<LabelingTask[]> {
    return (await this.bus.request(TaskSubjects.list, {}, this.meta(scope))).tasks;
  }

  /** The task, or NOT_FOUND naming it. */
  async task(scope: ProjectScope, taskId: string): Promise<LabelingTask> {
    const task = (await this.tasks(scope)).find((t) => t.id === taskId);
    if (!task) throw notFound('labeling task', taskId);
    return task;
  }

  async attributes(scope: ProjectScope): Promise<Attribute[]> {
    return (await this.bus.request(AttributeSubjects.list, {}, this.meta(scope))).attributes;
  }

  /** A page in the default order; `withTokens` adds the stored tokens of TEXT attributes (Python documents). */
  page(scope: ProjectScope, afterSeq: number, options: { limit?: number; withTokens?: boolean } = {}): Promise<RecordPage> {
    const { limit = RECORDS_PAGE, withTokens = false } = options;
    return this.bus.request(RecordSubjects.list, { afterSeq, limit, withTokens }, this.meta(scope, 30_000));
  }

  /** `n` random records (the same seed draws the same ones), in one request. */
  async sample(scope: ProjectScope, n: number, seed: number | undefined, withTokens: boolean): Promise<RecordView[]> {
    return (await this.bus.request(RecordSubjects.sample, { n, withTokens, ...(seed === undefined ? {} : { seed }) }, this.meta(scope))).records;
  }

  record(scope: ProjectScope, recordId: string): Promise<RecordView> {
    return this.bus.request(RecordSubjects.get, { recordId, withTokens: true }, this.meta(scope));
  }

  /** Computed attribute values: `begin` / `page` / `commit` / `abort` of one attribute's generation. */
  replaceValues(scope: ProjectScope, request: AttributeValuesRequest): Promise<{ attributeId: string; generation: number; count: number }> {
    return this.bus.request(AttributeValueSubjects.replace, request, this.meta(scope, 120_000));
  }

  /**
   * The valid reference label of every record that has one (refinery's rule: manual labels, gold
   * first), for a classification task, read from the label matrix without any votes.
   */
  async referenceLabels(scope: ProjectScope, taskId: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let afterSeq = -1;
    for (;;) {
      const page = await this.bus.request(LabelMatrixSubjects.page, { taskId, sourceIds: [], afterSeq, limit: 10_000 }, this.meta(scope, 30_000));
      page.referenceRecord.forEach((row, k) => {
        const recordId = page.recordIds[row];
        const labelId = page.labels[page.referenceLabel[k] ?? -1];
        if (recordId !== undefined && labelId !== undefined) out.set(recordId, labelId);
      });
      if (page.nextAfterSeq === null) return out;
      afterSeq = page.nextAfterSeq;
    }
  }

  replaceSource(scope: ProjectScope, request: ReplaceSourceRequest): Promise<{ generation: number; count: number }> {
    return this.bus.request(AssociationSubjects.replaceSource, request, this.meta(scope, 120_000));
  }
}
