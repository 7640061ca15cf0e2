import { Inject, Injectable } from '@nestjs/common';
import {
  AssociationSubjects,
  AttributeSubjects,
  LabelMatrixSubjects,
  RecordSubjects,
  TaskSubjects,
  type BulkItem,
  type LabelingTask,
  type LabelMatrixPage,
  type TextTokens,
} from '@refinery/contracts';
import { CONFIG, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { notFound } from './errors.js';
import type { ProjectScope } from './project-scope.js';
import type { WeakSupervisionConfig } from './weak-supervision-config.js';

/**
 * Everything this service asks the records service, on behalf of the scope's actor: the task,
 * its label matrix (compact CSR pages), tokens of records that get weak spans, and the bulk
 * replacement of the task's WEAK_SUPERVISION labels.
 */
@Injectable()
export class RecordsClient {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(CONFIG) private readonly config: WeakSupervisionConfig,
  ) {}

  private meta(scope: ProjectScope, timeoutMs?: number) {
    return { actor: scope.actor, projectId: scope.projectId, ...(timeoutMs ? { timeoutMs } : {}) };
  }

  async task(scope: ProjectScope, taskId: string): Promise<LabelingTask> {
    const { tasks } = await this.bus.request(TaskSubjects.list, {}, this.meta(scope));
    const task = tasks.find((t) => t.id === taskId);
    if (!task) throw notFound('labeling task', taskId);
    return task;
  }

  async tasks(scope: ProjectScope): Promise<LabelingTask[]> {
    return (await this.bus.request(TaskSubjects.list, {}, this.meta(scope))).tasks;
  }

  async attributeName(scope: ProjectScope, attributeId: string): Promise<string> {
    const { attributes } = await this.bus.request(AttributeSubjects.list, {}, this.meta(scope));
    const attribute = attributes.find((a) => a.id === attributeId);
    if (!attribute) throw notFound('attribute', attributeId);
    return attribute.name;
  }

  /** Token offsets of one TEXT attribute of a record (no tokens for an empty text). */
  async tokensOf(scope: ProjectScope, recordId: string, attributeName: string): Promise<TextTokens> {
    const record = await this.bus.request(RecordSubjects.get, { recordId, withTokens: true }, this.meta(scope));
    return record.tokens?.[attributeName] ?? { starts: [], ends: [] };
  }

  /**
   * The task's label matrix in the default record order, one page at a time. Pages are fetched a
   * few at a time, guessing that `seq` is dense (it is after an upload): the page after cursor
   * c + k·limit is asked for before page k arrives, and is only used when the previous page
   * really ended at that cursor; otherwise the guesses are dropped and reading continues from the
   * true cursor.
   */
  async *labelMatrixPages(scope: ProjectScope, taskId: string): AsyncGenerator<LabelMatrixPage> {
    const limit = this.config.WS_READ_PAGE_SIZE;
    let cursor: number | null = -1;
    let seen = 0;
    let total = Number.POSITIVE_INFINITY;
    while (cursor !== null) {
      const from: number = cursor;
      // The first page tells the total; after it, never guess past the end.
      const guesses = total === Number.POSITIVE_INFINITY ? 1 : Math.max(1, Math.min(this.config.WS_READ_AHEAD, Math.ceil((total - seen) / limit)));
      const window = Array.from({ length: guesses }, (_, k) => ({
        afterSeq: from + k * limit,
        page: this.bus.request(LabelMatrixSubjects.page, { taskId, afterSeq: from + k * limit, limit }, this.meta(scope)),
      }));
      // Guesses that turn out unused must not surface as unhandled rejections.
      for (const w of window) w.page.catch(() => undefined);
      for (const w of window) {
        if (w.afterSeq !== cursor) break;
        const page = await w.page;
        total = page.total;
        seen += page.recordIds.length;
        yield page;
        cursor = page.nextAfterSeq;
        if (cursor === null) break;
      }
    }
  }

  /**
   * Replaces the task's weak-supervision labels atomically (begin → pages → commit); any failure
   * aborts the generation so the previous labels stay. The source id is the task id: one
   * weak-supervision label set per task.
   */
  async replaceWeakLabels(
    scope: ProjectScope,
    taskId: string,
    items: readonly BulkItem[],
    onPage: (written: number) => Promise<void>,
  ): Promise<number> {
    const ref = { source: 'WEAK_SUPERVISION' as const, sourceId: taskId, taskId };
    const meta = this.meta(scope);
    const { generation } = await this.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, meta);
    try {
      const size = this.config.WS_WRITE_PAGE_SIZE;
      const pages: (readonly BulkItem[])[] = [];
      for (let from = 0; from < items.length; from += size) pages.push(items.slice(from, from + size));
      // Pages of one generation may arrive in any order; a few in flight keep records busy.
      let written = 0;
      for (let i = 0; i < pages.length; i += this.config.WS_WRITE_CONCURRENCY) {
        const batch = pages.slice(i, i + this.config.WS_WRITE_CONCURRENCY);
        await Promise.all(batch.map((page) => this.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: [...page] }, meta)));
        written += batch.reduce((n, p) => n + p.length, 0);
        await onPage(written);
      }
      return (await this.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, meta)).count;
    } catch (error) {
      // Best effort: a superseded generation answers CONFLICT here, which changes nothing.
      await this.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'abort', generation }, meta).catch(() => undefined);
      throw error;
    }
  }
}
