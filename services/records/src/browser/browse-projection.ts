import type { TaskKind } from '@refinery/contracts';
import { randomKeyFor, summarizeTaskLabels, type RecordDocument, type TaskLabelSummary } from '@refinery/query';
import { referenceLabels } from '../associations/reference-labels.js';
import type { ProjectState, StoredAssociation, StoredRecord } from '../store/project-state.js';

/**
 * The data browser's view of one project state: one `RecordDocument` (the shape
 * `@refinery/query` evaluates) per record, kept in step incrementally — only the records the
 * state reports as changed are rebuilt before a query. FerretDB cannot serve browser queries
 * (every one would decode the whole collection), so the browser runs on this projection.
 */
export class BrowseProjection {
  private readonly docs = new Map<string, RecordDocument>();
  private ordered: RecordDocument[] | null = null;
  /** Position of each record in `ordered` (an edit or a label replaces the document in place). */
  private readonly position = new Map<string, number>();
  private kindsKey = '';

  constructor(
    private readonly state: ProjectState,
    private readonly projectId: string,
  ) {}

  /** The documents in the default order, current as of now. */
  documents(kinds: ReadonlyMap<string, TaskKind>): readonly RecordDocument[] {
    const key = [...kinds].map(([id, k]) => `${id}:${k}`).join(',');
    const changes = this.state.takeChanges();
    if (changes === 'all' || key !== this.kindsKey) {
      this.kindsKey = key;
      this.docs.clear();
      for (const r of this.state.records.values()) this.docs.set(r.recordId, this.build(r, kinds));
      this.ordered = null;
    } else if (changes.size) {
      for (const id of changes) {
        const r = this.state.records.get(id);
        const old = this.docs.get(id);
        if (!r) {
          this.docs.delete(id);
          this.ordered = null;
          continue;
        }
        const doc = this.build(r, kinds);
        this.docs.set(id, doc);
        const at = this.position.get(id);
        if (this.ordered && old && at !== undefined && old.seq === doc.seq) this.ordered[at] = doc;
        else this.ordered = null;
      }
    }
    if (!this.ordered) {
      this.ordered = [...this.docs.values()].sort((a, b) => a.seq - b.seq);
      this.position.clear();
      this.ordered.forEach((d, i) => this.position.set(d._id, i));
    }
    return this.ordered;
  }

  private build(r: StoredRecord, kinds: ReadonlyMap<string, TaskKind>): RecordDocument {
    const byTask = new Map<string, StoredAssociation[]>();
    this.state.forEachAssociation(r.recordId, (a) => {
      const list = byTask.get(a.taskId);
      if (list) list.push(a);
      else byTask.set(a.taskId, [a]);
    });
    const labels: Record<string, TaskLabelSummary> = {};
    for (const [taskId, list] of byTask) {
      const kind = kinds.get(taskId);
      if (kind) labels[taskId] = taskSummary(kind, list);
    }
    return {
      _id: r.recordId,
      projectId: this.projectId,
      generation: this.state.recordsGeneration,
      seq: r.seq,
      key: r.key,
      rnd: randomKeyFor(r.recordId),
      data: r.data,
      labels,
      commentCount: 0,
    };
  }
}

function taskSummary(kind: TaskKind, list: readonly StoredAssociation[]): TaskLabelSummary {
  const manual = list.filter((a) => a.source === 'MANUAL');
  const gold = list.filter((a) => a.source === 'GOLD');
  const ws = list.filter((a) => a.source === 'WEAK_SUPERVISION');
  const confidences = ws.map((a) => a.confidence).filter((c): c is number => c !== null);
  return summarizeTaskLabels({
    manual: manual.map((a) => ({ userId: a.userId ?? '', labelId: a.labelId })),
    gold: gold.map((a) => a.labelId),
    reference: referenceLabels(kind, manual, gold).labelIds,
    heuristics: list.filter((a) => a.source === 'HEURISTIC').map((a) => ({ heuristicId: a.sourceId ?? '', labelId: a.labelId })),
    weakSupervision: ws.map((a) => a.labelId),
    weakSupervisionConfidence: confidences.length ? Math.max(...confidences) : null,
  });
}
