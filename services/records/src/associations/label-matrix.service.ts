import { Inject, Injectable } from '@nestjs/common';
import type { LabelMatrixPage, TextTokens } from '@refinery/contracts';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { RecordReader } from '../records/record-reader.service.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { StoredAssociation } from '../store/project-state.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import { referenceLabels } from './reference-labels.js';

export interface LabelMatrixRequest {
  taskId: string;
  sourceIds?: string[] | undefined;
  afterSeq: number;
  limit: number;
}

/** A task's heuristic votes and reference labels in compact form, for label models. */
@Injectable()
export class LabelMatrixService {
  constructor(
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
  ) {}

  async page(scope: ProjectScope, req: LabelMatrixRequest): Promise<LabelMatrixPage> {
    const { task, labels } = await this.catalog.require(scope.projectId, req.taskId);
    const state = await this.records.state(scope.projectId);
    const extraction = task.kind === 'EXTRACTION';
    const attribute = extraction && task.attributeId ? await this.attributes.findById(scope.projectId, task.attributeId) : null;
    const wanted = req.sourceIds ? new Set(req.sourceIds) : null;
    const sources = [...state.allSources()]
      .filter((s) => s.source === 'HEURISTIC' && (!wanted || wanted.has(s.sourceId)))
      .filter((s) => (s.taskIds ? s.taskIds.has(task._id) : [...s.byRecord.values()].some((list) => list.some((a) => a.taskId === task._id))))
      .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
    const labelIndex = new Map(labels.map((l, i) => [l._id, i]));
    const page = state.page(req.afterSeq, req.limit);
    const out: LabelMatrixPage = {
      generation: state.recordsGeneration,
      total: state.records.size,
      nextAfterSeq: page.length === req.limit ? (page[page.length - 1]?.seq ?? null) : null,
      recordIds: [],
      sources: sources.map((s) => s.sourceId),
      labels: labels.map((l) => l._id),
      indptr: [0],
      voteSource: [],
      voteLabel: [],
      voteConfidence: [],
      referenceRecord: [],
      referenceLabel: [],
      ...(extraction ? { voteTokenStart: [], voteTokenEnd: [], referenceTokenStart: [], referenceTokenEnd: [] } : {}),
    };
    page.forEach((record, row) => {
      out.recordIds.push(record.recordId);
      const tokens = attribute ? record.tokens[attribute.name] : undefined;
      sources.forEach((s, si) => {
        for (const a of s.byRecord.get(record.recordId) ?? []) {
          const li = labelIndex.get(a.labelId);
          if (a.taskId !== task._id || li === undefined) continue;
          const range = extraction ? tokenRange(tokens, a) : null;
          if (extraction && !range) continue;
          out.voteSource.push(si);
          out.voteLabel.push(li);
          out.voteConfidence.push(a.confidence);
          if (range) {
            out.voteTokenStart?.push(range[0]);
            out.voteTokenEnd?.push(range[1]);
          }
        }
      });
      out.indptr.push(out.voteSource.length);
      const own = state.associationsOf(record.recordId, task._id);
      const reference = referenceLabels(
        task.kind,
        own.filter((a) => a.source === 'MANUAL'),
        own.filter((a) => a.source === 'GOLD'),
      );
      if (extraction) {
        for (const span of reference.spans) {
          const li = labelIndex.get(span.labelId);
          const range = tokenRange(tokens, span);
          if (li === undefined || !range) continue;
          out.referenceRecord.push(row);
          out.referenceLabel.push(li);
          out.referenceTokenStart?.push(range[0]);
          out.referenceTokenEnd?.push(range[1]);
        }
      } else {
        for (const labelId of reference.labelIds) {
          const li = labelIndex.get(labelId);
          if (li === undefined) continue;
          out.referenceRecord.push(row);
          out.referenceLabel.push(li);
        }
      }
    });
    return out;
  }
}

/** Inclusive token indices covered by a character span [start, end), or null. */
function tokenRange(tokens: TextTokens | undefined, span: Pick<StoredAssociation, 'start' | 'end'>): [number, number] | null {
  if (!tokens || span.start === null || span.end === null) return null;
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.starts.length; i++) {
    const s = tokens.starts[i] ?? 0;
    const e = tokens.ends[i] ?? 0;
    if (e > span.start && s < span.end) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? null : [first, last];
}
