import { EventPublisher } from '@refinery/server-kit';
import { Inject, Injectable } from '@nestjs/common';
import { AssociationEvents, type BulkItem, type BulkSource, type ReplaceSourceRequest } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { isCurrentWriter, sourceScope } from '../generations/generation-rules.js';
import { RecordReader } from '../records/record-reader.service.js';
import { compactTokens, snapToTokens } from '../records/text-tokens.js';
import { invalid } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { TaskCatalog, type TaskWithLabels } from '../tasks/task-catalog.service.js';
import type { StoredAssociation } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';

interface Ref {
  source: BulkSource;
  sourceId: string;
  taskId: string;
}

/**
 * Replaces all outputs of one heuristic or weak-supervision source (see the contract): pages
 * go into an uncommitted generation, and the commit flips the source's pointer, so readers see
 * the old set or the new set, never a mix.
 */
@Injectable()
export class ReplaceSourceService {
  constructor(
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async handle(scope: ProjectScope, req: ReplaceSourceRequest): Promise<{ generation: number; count: number }> {
    const task = await this.catalog.require(scope.projectId, req.taskId);
    const key = sourceScope(req.source, req.sourceId);
    switch (req.step) {
      case 'begin':
        this.store.forgetOpenSources(scope.projectId, key);
        return { generation: await this.generations.begin(scope.projectId, key), count: 0 };
      case 'page':
        if (!(await this.generations.countPage(scope.projectId, key, req.generation))) throw superseded(req, req.generation);
        return { generation: req.generation, count: await this.page(scope, req, task, req.generation, req.items) };
      case 'commit':
        return { generation: req.generation, count: await this.commit(scope, req, key, req.generation) };
      case 'abort':
        await this.requireWriter(scope, req, key, req.generation);
        await this.generations.abort(scope.projectId, key, req.generation);
        this.store.forgetOpenSources(scope.projectId, key);
        await this.store.deletePages(scope.projectId, key, { exactly: req.generation });
        return { generation: req.generation, count: 0 };
    }
  }

  private async page(scope: ProjectScope, ref: Ref, { task, labels }: TaskWithLabels, generation: number, items: readonly BulkItem[]): Promise<number> {
    const known = new Set(labels.map((l) => l._id));
    const extraction = task.kind === 'EXTRACTION';
    items.forEach((item, i) => {
      if (!known.has(item.labelId)) throw invalid(`items.${i}.labelId`, `label ${item.labelId} is not a label of task "${task.name}"`);
      const hasSpan = item.start !== undefined && item.end !== undefined;
      if (extraction && !hasSpan) throw invalid(`items.${i}.start`, 'start and end are required for an extraction task');
      if (!extraction && (item.start !== undefined || item.end !== undefined)) {
        throw invalid(`items.${i}.start`, 'start and end are only for extraction tasks');
      }
    });
    const recordIds = [...new Set(items.map((i) => i.recordId))];
    const records = new Map((await this.records.getMany(scope.projectId, recordIds)).map((r) => [r.recordId, r]));
    const attribute = extraction && task.attributeId ? await this.attributes.findById(scope.projectId, task.attributeId) : null;
    const createdAt = new Date();
    const docs: StoredAssociation[] = items.map((item, i) => {
      const record = records.get(item.recordId);
      if (!record) throw invalid(`items.${i}.recordId`, `record ${item.recordId} does not exist`);
      let span: { start: number; end: number } | null = null;
      let text: string | null = null;
      if (extraction && attribute && item.start !== undefined && item.end !== undefined) {
        const value = record.data[attribute.name];
        const full = typeof value === 'string' ? value : '';
        if (item.end > full.length || item.start >= item.end) {
          throw invalid(`items.${i}.end`, `[${item.start}, ${item.end}) is outside the text of "${attribute.name}" (length ${full.length})`);
        }
        span = snapToTokens(record.tokens[attribute.name] ?? compactTokens(full), full, item.start, item.end);
        if (!span) throw invalid(`items.${i}.start`, `[${item.start}, ${item.end}) covers no token`);
        text = full.slice(span.start, span.end);
      }
      return {
        _id: newId(),
        recordId: item.recordId,
        taskId: task._id,
        labelId: item.labelId,
        source: ref.source,
        userId: null,
        sourceId: ref.sourceId,
        confidence: item.confidence,
        start: span?.start ?? null,
        end: span?.end ?? null,
        text,
        generation,
        createdAt,
      };
    });
    await this.store.writeSourcePage(scope.projectId, ref.source, ref.sourceId, generation, docs);
    return docs.length;
  }

  private async commit(scope: ProjectScope, ref: Ref, key: string, generation: number): Promise<number> {
    const state = await this.store.state(scope.projectId);
    const before = [...(state.source(key)?.byRecord.keys() ?? [])];
    const pointer = await this.generations.pointer(scope.projectId, key);
    if (!isCurrentWriter(pointer, generation)) throw superseded(ref, generation);
    const items = await this.store.takeOpenSource(scope.projectId, key, generation, pointer.pages);
    if (!(await this.generations.commit(scope.projectId, key, generation))) throw superseded(ref, generation);
    // Outputs of records deleted while the run wrote them must not come back.
    const kept = items.filter((a) => state.records.has(a.recordId));
    await this.store.refreshSource(scope.projectId, ref.source, ref.sourceId, generation, kept);
    await this.store.deletePages(scope.projectId, key, { below: generation });
    const touched = [...new Set([...before, ...kept.map((a) => a.recordId)])];
    this.events.publish(AssociationEvents.changed, scope.projectId, {
      projectId: scope.projectId,
      taskId: ref.taskId,
      source: ref.source,
      sourceId: ref.sourceId,
      recordIds: touched.slice(0, 1_000),
      truncated: touched.length > 1_000,
    });
    return kept.length;
  }

  private async requireWriter(scope: ProjectScope, ref: Ref, key: string, generation: number): Promise<void> {
    if (!isCurrentWriter(await this.generations.pointer(scope.projectId, key), generation)) throw superseded(ref, generation);
  }
}

function superseded(ref: Ref, generation: number): AppError {
  return new AppError(
    'CONFLICT',
    `generation ${generation} of ${ref.source} ${ref.sourceId} is not being written (committed, aborted or superseded by a newer begin)`,
  );
}
