import type { ExportSourceItem, ExportSourceRow, ExportSourceTask, ExportSourceTaskCells, RecordValue, TextTokens } from '@refinery/contracts';
import { referenceLabels, type Mark } from '../associations/reference-labels.js';
import type { ProjectState, StoredAssociation, StoredRecord } from '../store/project-state.js';

/** The selection a cursor freezes (names and ids already checked against the project). */
export interface ExportSelection {
  attributes: readonly string[];
  tasks: readonly ExportSourceTask[];
  /** Attributes whose token texts rows carry. */
  tokenAttributes: readonly string[];
  /** Per task: label id → index into the task's `labels` (as the labels are at open time). */
  labelIndex: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * The rows of one export frozen at one moment, without copying records or labels: records and
 * associations are immutable objects in the project state (an edit replaces them, never mutates),
 * so holding references keeps exactly the versions of the moment of `freeze` — later label edits,
 * weak-supervision runs or record edits build new objects the cursor never sees. Per row only the
 * associations of the exported tasks and sources are kept (one small array per labelled record).
 * Pure: no I/O.
 */
export class FrozenExport {
  private readonly labelIndex: ExportSelection['labelIndex'];

  private constructor(
    private readonly selection: ExportSelection,
    private readonly records: readonly StoredRecord[],
    private readonly associations: readonly (readonly StoredAssociation[] | undefined)[],
  ) {
    this.labelIndex = selection.labelIndex;
  }

  static freeze(state: ProjectState, rows: readonly StoredRecord[], selection: ExportSelection): FrozenExport {
    const taskIds = new Set(selection.tasks.map((t) => t.id));
    const heuristics = new Set(selection.tasks.flatMap((t) => t.heuristicIds.map((h) => `${t.id}|${h}`)));
    const keep = (a: StoredAssociation): boolean => {
      if (!taskIds.has(a.taskId)) return false;
      if (a.source === 'HEURISTIC') return heuristics.has(`${a.taskId}|${a.sourceId ?? ''}`);
      return true;
    };
    const associations: (StoredAssociation[] | undefined)[] = new Array<StoredAssociation[] | undefined>(rows.length);
    rows.forEach((r, i) => {
      let list: StoredAssociation[] | undefined;
      state.forEachAssociation(r.recordId, (a) => {
        if (keep(a)) (list ??= []).push(a);
      });
      associations[i] = list;
    });
    return new FrozenExport(selection, rows.slice(), associations);
  }

  get total(): number {
    return this.records.length;
  }

  /** Rows [offset, …) up to `limit` rows or about `maxBytes` of JSON (at least one row). */
  page(offset: number, limit: number, maxBytes: number): { rows: ExportSourceRow[]; nextOffset: number | null; oversized: string | null } {
    const rows: ExportSourceRow[] = [];
    let bytes = 0;
    let i = offset;
    for (; i < this.records.length && rows.length < limit; i++) {
      const record = this.records[i];
      if (!record) break;
      const row = this.row(record, this.associations[i] ?? []);
      const size = approxJsonBytes(row);
      if (size > maxBytes) return { rows: [], nextOffset: null, oversized: record.key };
      if (rows.length && bytes + size > maxBytes) break;
      bytes += size;
      rows.push(row);
    }
    return { rows, nextOffset: i < this.records.length ? i : null, oversized: null };
  }

  private row(record: StoredRecord, associations: readonly StoredAssociation[]): ExportSourceRow {
    const row: ExportSourceRow = { d: this.selection.attributes.map((name) => record.data[name] ?? null), t: [] };
    if (this.selection.tokenAttributes.length) {
      row.k = this.selection.tokenAttributes.map((name) => {
        const tokens = record.tokens[name];
        return tokens ? tokenTexts(record.data[name], tokens) : [];
      });
    }
    for (const task of this.selection.tasks) {
      const own = associations.length ? associations.filter((a) => a.taskId === task.id) : associations;
      const tokens = task.kind === 'EXTRACTION' && task.attributeName !== null ? record.tokens[task.attributeName] : undefined;
      row.t.push(own.length ? this.cells(task, own, tokens) : null);
    }
    return row;
  }

  private cells(task: ExportSourceTask, own: readonly StoredAssociation[], tokens: TextTokens | undefined): ExportSourceTaskCells | null {
    const extraction = task.kind === 'EXTRACTION';
    const labelIndex = this.labelIndex.get(task.id);
    const item = (labelId: string, confidence: number | null, start: number | null, end: number | null): ExportSourceItem | null => {
      const index = labelIndex?.get(labelId);
      if (index === undefined) return null;
      if (!extraction) return [index, confidence];
      if (!tokens || start === null || end === null) return null;
      const range = tokenRange(tokens, start, end);
      return range ? [index, confidence, range[0], range[1]] : null;
    };
    const present = (x: ExportSourceItem | null): x is ExportSourceItem => x !== null;
    const marks = (source: 'MANUAL' | 'GOLD'): Mark[] =>
      own.filter((a) => a.source === source).map((a) => ({ userId: a.userId, labelId: a.labelId, start: a.start, end: a.end }));
    const reference = referenceLabels(task.kind, marks('MANUAL'), marks('GOLD'));
    const manual = extraction
      ? reference.spans.map((s) => item(s.labelId, null, s.start, s.end)).filter(present)
      : reference.labelIds.map((id) => item(id, null, null, null)).filter(present);
    const weak = own.filter((a) => a.source === 'WEAK_SUPERVISION').map((a) => item(a.labelId, a.confidence, a.start, a.end)).filter(present);
    const out: ExportSourceTaskCells = {};
    if (manual.length) out.m = sortItems(manual, task);
    if (weak.length) out.w = sortItems(weak, task);
    if (task.heuristicIds.length) {
      const byHeuristic = task.heuristicIds.map((id) => own.filter((a) => a.source === 'HEURISTIC' && a.sourceId === id).map((a) => item(a.labelId, a.confidence, a.start, a.end)).filter(present));
      if (byHeuristic.some((list) => list.length)) out.h = byHeuristic.map((list) => (list.length ? sortItems(list, task) : null));
    }
    return out.m || out.w || out.h ? out : null;
  }
}

/** Spans by position, labels by name: the same state always gives the same cells. */
function sortItems(items: ExportSourceItem[], task: ExportSourceTask): ExportSourceItem[] {
  const name = (i: ExportSourceItem) => task.labels[i[0]] ?? '';
  return items.sort((a, b) => (a[2] ?? 0) - (b[2] ?? 0) || (a[3] ?? 0) - (b[3] ?? 0) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/**
 * About the UTF-8 JSON size of a row without serializing it (the reply is serialized once, by the
 * transport): string bytes plus a fixed allowance per value for quotes, keys and punctuation.
 * Escapes make real JSON slightly larger; the page budget leaves room for that below NATS' 1 MiB.
 */
export function approxJsonBytes(row: ExportSourceRow): number {
  let n = 16;
  const text = (s: string) => Buffer.byteLength(s) + 3;
  for (const v of row.d) {
    if (typeof v === 'string') n += text(v);
    else if (Array.isArray(v)) for (const x of v) n += text(x);
    else n += 24;
  }
  for (const list of row.k ?? []) for (const t of list) n += text(t);
  for (const cells of row.t) {
    if (!cells) {
      n += 5;
      continue;
    }
    n += 16;
    for (const list of [cells.m ?? [], cells.w ?? [], ...(cells.h ?? []).map((l) => l ?? [])]) n += 6 + list.length * 48;
  }
  return n;
}

function tokenTexts(value: RecordValue | undefined, tokens: TextTokens): string[] {
  const text = typeof value === 'string' ? value : '';
  return tokens.starts.map((s, i) => text.slice(s, tokens.ends[i] ?? s));
}

/** Token indices [first, lastExclusive) of the tokens overlapping the characters [start, end). */
export function tokenRange(tokens: TextTokens, start: number, end: number): [number, number] | null {
  const { starts, ends } = tokens;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] ?? 0) > start) hi = mid;
    else lo = mid + 1;
  }
  if (lo >= starts.length || (starts[lo] ?? 0) >= end) return null;
  let last = lo + 1;
  while (last < starts.length && (starts[last] ?? 0) < end) last++;
  return [lo, last];
}
