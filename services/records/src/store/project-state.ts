import type { BulkSource, RecordData, RecordValue, TextTokens } from '@refinery/contracts';
import type { AssociationDoc } from '../associations/association.js';

/** One record as the store keeps it (in memory and in record pages). */
export interface StoredRecord {
  recordId: string;
  seq: number;
  key: string;
  data: RecordData;
  tokens: Record<string, TextTokens>;
}

/** An association without its project (the store is per project). */
export type StoredAssociation = Omit<AssociationDoc, 'projectId'>;

/** Whose classification a `replace` op replaces: one annotator (or gold) on one record and task. */
export interface Owner {
  recordId: string;
  taskId: string;
  source: 'MANUAL' | 'GOLD';
  /** null for GOLD (gold labels belong to the team). */
  userId: string | null;
}

/**
 * One entry of a project's append-only operation log. FerretDB 1.x scans a whole collection for
 * every update or delete, while an insert costs ~2.5 ms, so every small write is an appended op
 * and the state is the fold of the log over the record pages (see ProjectStore).
 * `gen` is the records generation in force when the op was written (for imports: the import's
 * generation, so its labels appear with the commit).
 */
export type StoreOp =
  | { t: 'replace'; gen: number; owners: Owner[]; items: StoredAssociation[] }
  | { t: 'add'; gen: number; items: StoredAssociation[] }
  | { t: 'remove'; gen: number; ids: string[] }
  | { t: 'drop-task'; gen: number; taskId: string }
  | { t: 'drop-label'; gen: number; labelId: string }
  | { t: 'record-update'; gen: number; records: StoredRecord[]; voidSpans: { recordId: string; taskIds: string[] }[] }
  | { t: 'record-delete'; gen: number; recordIds: string[] }
  /** Values of a computed attribute, visible once `gen` is the committed generation of `scope`. */
  | { t: 'set-values'; gen: number; scope: string; attribute: string; values: [string, RecordValue, TextTokens | null][] };

export interface LoggedOp {
  id: string;
  op: StoreOp;
}

/** The committed outputs of one bulk source (a heuristic, a weak-supervision run). */
export interface SourceOutputs {
  source: BulkSource;
  sourceId: string;
  generation: number;
  byRecord: Map<string, StoredAssociation[]>;
  count: number;
  /** The tasks its outputs belong to (one, in practice). */
  taskIds?: ReadonlySet<string>;
}

function ownerKey(o: Pick<Owner, 'recordId' | 'taskId' | 'source' | 'userId'>): string {
  return `${o.recordId}\u0000${o.taskId}\u0000${o.source}\u0000${o.source === 'GOLD' ? '' : (o.userId ?? '')}`;
}

/**
 * The in-memory projection of one project: the committed records, the manual and gold labels
 * (the fold of the op log) and the committed outputs of every bulk source. Pure: no I/O.
 */
export class ProjectState {
  readonly records = new Map<string, StoredRecord>();
  private readonly byKey = new Map<string, string>();
  private orderedCache: StoredRecord[] | null = null;
  /** MANUAL and GOLD associations by id, and their ids by record. */
  private readonly live = new Map<string, StoredAssociation>();
  private readonly liveByRecord = new Map<string, Set<string>>();
  private readonly sources = new Map<string, SourceOutputs>();
  private readonly applied = new Set<string>();
  /** Records changed since the last takeChanges() (the browse projection's incremental update). */
  private changed = new Set<string>();
  private allChanged = true;

  constructor(
    /** The committed records generation (0: no records yet). */
    readonly recordsGeneration: number,
    /** Every records generation ever committed: ops of other generations (aborted imports) are void. */
    private readonly committedGenerations: ReadonlySet<number>,
    /** Committed generation of other scopes (computed attribute values: `values:<attributeId>`). */
    private readonly committedOf: (scope: string) => number = () => 0,
  ) {}

  // --- records ---

  /** Which records changed since the previous call: their ids, or 'all'. */
  takeChanges(): ReadonlySet<string> | 'all' {
    const out = this.allChanged ? 'all' : this.changed;
    this.changed = new Set();
    this.allChanged = false;
    return out;
  }

  private touch(recordId: string): void {
    if (!this.allChanged) this.changed.add(recordId);
  }

  private touchAll(): void {
    this.allChanged = true;
  }

  putRecord(record: StoredRecord): void {
    this.touch(record.recordId);
    const old = this.records.get(record.recordId);
    if (old && old.key !== record.key) this.byKey.delete(old.key);
    this.records.set(record.recordId, record);
    this.byKey.set(record.key, record.recordId);
    if (!old || old.seq !== record.seq) this.orderedCache = null;
    else if (this.orderedCache) {
      const i = this.indexOfSeq(record.seq);
      if (i >= 0) this.orderedCache[i] = record;
    }
  }

  recordByKey(key: string): StoredRecord | undefined {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.records.get(id);
  }

  /** Records in the default order (by seq). */
  ordered(): readonly StoredRecord[] {
    this.orderedCache ??= [...this.records.values()].sort((a, b) => a.seq - b.seq);
    return this.orderedCache;
  }

  /** Records with seq > afterSeq, in order, at most `limit`. */
  page(afterSeq: number, limit: number): StoredRecord[] {
    const all = this.ordered();
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((all[mid]?.seq ?? 0) <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return all.slice(lo, lo + limit);
  }

  maxSeq(): number {
    const all = this.ordered();
    return all[all.length - 1]?.seq ?? -1;
  }

  private indexOfSeq(seq: number): number {
    const all = this.orderedCache ?? [];
    let lo = 0;
    let hi = all.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = all[mid]?.seq ?? 0;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private removeRecord(recordId: string): void {
    const old = this.records.get(recordId);
    if (!old) return;
    this.touch(recordId);
    this.records.delete(recordId);
    this.byKey.delete(old.key);
    this.orderedCache = null;
  }

  // --- bulk sources ---

  setSource(scope: string, outputs: SourceOutputs): void {
    this.touchAll();
    this.sources.set(scope, outputs);
  }

  source(scope: string): SourceOutputs | undefined {
    return this.sources.get(scope);
  }

  /** The committed outputs of every bulk source. */
  allSources(): IterableIterator<SourceOutputs> {
    return this.sources.values();
  }

  // --- the op log ---

  /** Applies one logged op once (ops are idempotent by id: a reload may meet an op twice). */
  apply({ id, op }: LoggedOp): void {
    if (this.applied.has(id)) return;
    this.applied.add(id);
    switch (op.t) {
      case 'record-update':
        if (op.gen === this.recordsGeneration) {
          for (const r of op.records) if (this.records.has(r.recordId)) this.putRecord(r);
        }
        for (const v of op.voidSpans) {
          const tasks = new Set(v.taskIds);
          this.removeLive((a) => a.start !== null && tasks.has(a.taskId), [v.recordId]);
        }
        return;
      case 'set-values':
        if (this.committedOf(op.scope) !== op.gen) return;
        for (const [recordId, value, tokens] of op.values) {
          const r = this.records.get(recordId);
          if (!r) continue;
          const next: StoredRecord = { ...r, data: { ...r.data, [op.attribute]: value } };
          if (tokens) next.tokens = { ...r.tokens, [op.attribute]: tokens };
          this.putRecord(next);
        }
        return;
      case 'record-delete':
        if (op.gen === this.recordsGeneration) op.recordIds.forEach((r) => this.removeRecord(r));
        this.removeLive(() => true, op.recordIds);
        op.recordIds.forEach((r) => this.touch(r));
        for (const s of this.sources.values()) {
          for (const r of op.recordIds) {
            s.count -= s.byRecord.get(r)?.length ?? 0;
            s.byRecord.delete(r);
          }
        }
        return;
      case 'drop-task':
        this.touchAll();
        this.removeLive((a) => a.taskId === op.taskId);
        for (const [scope, s] of this.sources) {
          for (const list of s.byRecord.values()) {
            if (list.some((a) => a.taskId === op.taskId)) {
              this.sources.delete(scope);
              break;
            }
          }
        }
        return;
      case 'drop-label':
        this.touchAll();
        this.removeLive((a) => a.labelId === op.labelId);
        for (const s of this.sources.values()) {
          for (const [r, list] of s.byRecord) {
            const kept = list.filter((a) => a.labelId !== op.labelId);
            s.count -= list.length - kept.length;
            if (kept.length) s.byRecord.set(r, kept);
            else s.byRecord.delete(r);
          }
        }
        return;
      default:
        break;
    }
    if (!this.committedGenerations.has(op.gen)) return;
    switch (op.t) {
      case 'replace': {
        const owners = new Set(op.owners.map(ownerKey));
        for (const item of op.items) owners.add(ownerKey({ ...item, source: item.source as Owner['source'] }));
        const recordIds = new Set([...op.owners.map((o) => o.recordId), ...op.items.map((i) => i.recordId)]);
        this.removeLive((a) => a.start === null && owners.has(ownerKey({ ...a, source: a.source as Owner['source'] })), [...recordIds]);
        op.items.forEach((a) => this.addLive(a));
        return;
      }
      case 'add':
        op.items.forEach((a) => this.addLive(a));
        return;
      case 'remove':
        for (const id of op.ids) {
          const a = this.live.get(id);
          if (a) this.removeLive((x) => x._id === id, [a.recordId]);
        }
        return;
    }
  }

  private addLive(a: StoredAssociation): void {
    this.touch(a.recordId);
    this.live.set(a._id, a);
    let ids = this.liveByRecord.get(a.recordId);
    if (!ids) this.liveByRecord.set(a.recordId, (ids = new Set()));
    ids.add(a._id);
  }

  private removeLive(match: (a: StoredAssociation) => boolean, recordIds?: readonly string[]): void {
    const scan = recordIds ?? [...this.liveByRecord.keys()];
    for (const r of scan) {
      const ids = this.liveByRecord.get(r);
      if (!ids) continue;
      for (const id of [...ids]) {
        const a = this.live.get(id);
        if (a && match(a)) {
          this.touch(r);
          this.live.delete(id);
          ids.delete(id);
        }
      }
      if (!ids.size) this.liveByRecord.delete(r);
    }
  }

  // --- reads ---

  liveAssociation(id: string): StoredAssociation | undefined {
    return this.live.get(id);
  }

  /** Calls `fn` for every visible association of a record, in no particular order (hot path). */
  forEachAssociation(recordId: string, fn: (a: StoredAssociation) => void): void {
    for (const id of this.liveByRecord.get(recordId) ?? []) {
      const a = this.live.get(id);
      if (a) fn(a);
    }
    for (const s of this.sources.values()) for (const a of s.byRecord.get(recordId) ?? []) fn(a);
  }

  /** Every visible association of one task, grouped by record (one pass over the sources). */
  associationsOfTask(taskId: string, includeSource: (s: SourceOutputs) => boolean = () => true): Map<string, StoredAssociation[]> {
    const out = new Map<string, StoredAssociation[]>();
    const add = (a: StoredAssociation) => {
      if (a.taskId !== taskId) return;
      const list = out.get(a.recordId);
      if (list) list.push(a);
      else out.set(a.recordId, [a]);
    };
    for (const a of this.live.values()) add(a);
    for (const s of this.sources.values()) {
      if ((s.taskIds && !s.taskIds.has(taskId)) || !includeSource(s)) continue;
      for (const list of s.byRecord.values()) for (const a of list) add(a);
    }
    return out;
  }

  /** Every visible association of a record (optionally of one task), oldest first. */
  associationsOf(recordId: string, taskId?: string): StoredAssociation[] {
    const out: StoredAssociation[] = [];
    for (const id of this.liveByRecord.get(recordId) ?? []) {
      const a = this.live.get(id);
      if (a && (taskId === undefined || a.taskId === taskId)) out.push(a);
    }
    for (const s of this.sources.values()) {
      for (const a of s.byRecord.get(recordId) ?? []) if (taskId === undefined || a.taskId === taskId) out.push(a);
    }
    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  /** Records that carry a label (any source). */
  recordIdsWithLabel(labelId: string): string[] {
    const out = new Set<string>();
    for (const a of this.live.values()) if (a.labelId === labelId) out.add(a.recordId);
    for (const s of this.sources.values()) {
      for (const [r, list] of s.byRecord) if (list.some((a) => a.labelId === labelId)) out.add(r);
    }
    return [...out];
  }

  /** How many visible associations (any source) match. */
  countWhere(match: (a: StoredAssociation) => boolean): number {
    let n = 0;
    for (const a of this.live.values()) if (match(a)) n++;
    for (const s of this.sources.values()) for (const list of s.byRecord.values()) for (const a of list) if (match(a)) n++;
    return n;
  }

  /** How many visible MANUAL (or GOLD) associations the project holds. */
  countLive(source: 'MANUAL' | 'GOLD'): number {
    let n = 0;
    for (const a of this.live.values()) if (a.source === source && this.records.has(a.recordId)) n++;
    return n;
  }
}
