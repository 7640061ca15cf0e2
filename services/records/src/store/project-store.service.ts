import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { BulkSource } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, MONGO, NATS_CONNECTION } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { NatsConnectionManager } from '@refinery/server-nats';
import type { mongo } from 'mongoose';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE, sourceScope } from '../generations/generation-rules.js';
import { newId } from '../shared/ids.js';
import { ReplicaChannel } from '../shared/replica-channel.js';
import type { ProjectId } from '../shared/project-scope.js';
import { decodeBlob, encodeBlob, reviveAssociations } from './blob-codec.js';
import { ProjectState, type LoggedOp, type StoredAssociation, type StoredRecord, type StoreOp } from './project-state.js';

interface PageDoc {
  _id: string;
  kind: 'rec' | 'src';
  /** `records` or `SOURCE:sourceId`. */
  scope: string;
  gen: number;
  n: number;
  blob: mongo.Binary;
}

interface OpDoc {
  _id: string;
  gen: number;
  blob: mongo.Binary;
}

interface ChangeNotice {
  origin: string;
  projectId: string;
  /** The op itself when small: other replicas apply it instead of reloading. */
  op?: LoggedOp;
}

const CHANGES_SUBJECT = 'records.internal.store-changed.v1';
const MAX_INLINE_OP_BYTES = 64_000;
const MAX_CACHED_PROJECTS = 32;

/**
 * The records service's storage engine on top of Mongo/FerretDB (see README "Storage"): per
 * project one collection of compressed pages (records of a generation, outputs of a bulk
 * source generation) and one append-only op log (label edits, record edits and deletes). The
 * committed pointers stay in `generations`. Reads are served from an in-memory ProjectState
 * built from pages + log on first use and kept in step by this process's writes and by the
 * change notices other replicas broadcast on NATS.
 */
@Injectable()
export class ProjectStore implements OnModuleDestroy {
  private readonly states = new Map<string, Promise<ProjectState>>();
  /** Outputs of source generations being written through this process (see takeOpenSource). */
  private readonly openSources = new Map<string, { pages: number; items: StoredAssociation[] }>();
  private counter = 0;
  private readonly channel: ReplicaChannel<ChangeNotice>;

  constructor(
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(NATS_CONNECTION) nats: NatsConnectionManager,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.channel = new ReplicaChannel<ChangeNotice>(nats, CHANGES_SUBJECT, logger, (n) => void this.onNotice(n));
  }

  onModuleDestroy(): void {
    this.states.clear();
  }

  /** The project's state, loaded once (concurrent callers share the load). */
  state(projectId: ProjectId): Promise<ProjectState> {
    let state = this.states.get(projectId);
    if (!state) {
      state = this.load(projectId);
      state.catch(() => this.states.delete(projectId));
      this.states.set(projectId, state);
      this.evict();
    } else {
      // Most recently used last (Map keeps insertion order).
      this.states.delete(projectId);
      this.states.set(projectId, state);
    }
    return state;
  }

  /** Drops the cached state here (and in other replicas): the next read reloads. */
  invalidate(projectId: ProjectId): void {
    this.states.delete(projectId);
    this.channel.publish({ projectId });
  }

  // --- the op log ---

  async append(projectId: ProjectId, op: StoreOp): Promise<void> {
    const id = this.opId();
    const blob = encodeBlob(op);
    await this.opsOf(projectId).insertOne({ _id: id, gen: op.gen, blob });
    const state = this.states.get(projectId);
    if (state) (await state).apply({ id, op });
    this.channel.publish({ projectId, ...(blob.length() < MAX_INLINE_OP_BYTES ? { op: { id, op } } : {}) });
  }

  /** Ops an aborted import wrote (they are void anyway; this keeps the log small). */
  async deleteOpsOfGeneration(projectId: ProjectId, gen: number): Promise<void> {
    await this.opsOf(projectId).deleteMany({ gen });
  }

  // --- pages ---

  async writeRecordPage(projectId: ProjectId, gen: number, page: number, records: readonly StoredRecord[]): Promise<void> {
    if (!records.length) return;
    await this.pagesOf(projectId, RECORDS_SCOPE).insertOne({ _id: `rec|${gen}|${page}`, kind: 'rec', scope: RECORDS_SCOPE, gen, n: records.length, blob: encodeBlob(records) });
  }

  async writeSourcePage(projectId: ProjectId, source: BulkSource, sourceId: string, gen: number, items: readonly StoredAssociation[]): Promise<void> {
    if (!items.length) return;
    const scope = sourceScope(source, sourceId);
    await this.pagesOf(projectId, scope).insertOne({ _id: `src|${scope}|${gen}|${newId()}`, kind: 'src', scope, gen, n: items.length, blob: encodeBlob(items) });
    const key = `${projectId}|${scope}|${gen}`;
    const open = this.openSources.get(key) ?? { pages: 0, items: [] };
    open.pages++;
    for (const a of items) open.items.push(a);
    this.openSources.set(key, open);
  }

  /**
   * The outputs of a source generation for its commit: from memory when every one of the
   * `pages` the writer stored went through this process, else read back from the pages.
   */
  async takeOpenSource(projectId: ProjectId, scope: string, gen: number, pages: number): Promise<StoredAssociation[]> {
    const key = `${projectId}|${scope}|${gen}`;
    const open = this.openSources.get(key);
    this.forgetOpenSources(projectId, scope);
    if (open && open.pages === pages) return open.items;
    return this.readSourcePages(projectId, scope, gen);
  }

  /** Drops buffered outputs of a scope (abort, a newer begin). */
  forgetOpenSources(projectId: ProjectId, scope: string): void {
    for (const key of this.openSources.keys()) if (key.startsWith(`${projectId}|${scope}|`)) this.openSources.delete(key);
  }

  /** Pages of a scope older than `gen` (after a flip) or of exactly `gen` (an abort). */
  async deletePages(projectId: ProjectId, scope: string, which: { below: number } | { exactly: number }): Promise<void> {
    const gen = 'below' in which ? { $lt: which.below } : which.exactly;
    await this.pagesOf(projectId, scope).deleteMany({ gen });
  }

  /** Stored items of one generation of a scope (counts of an import, touched records of a flip). */
  async readSourcePages(projectId: ProjectId, scope: string, gen: number): Promise<StoredAssociation[]> {
    const docs = await this.pagesOf(projectId, scope).find({ gen }).toArray();
    return docs.flatMap((d) => reviveAssociations(decodeBlob<StoredAssociation[]>(d.blob)));
  }

  /** Records stored in record pages of every generation (what garbage collection leaves). */
  async storedRecordCount(projectId: ProjectId): Promise<number> {
    const pages = await this.pagesOf(projectId, RECORDS_SCOPE).find({}, { projection: { n: 1 } }).toArray();
    return pages.reduce((sum, p) => sum + p.n, 0);
  }

  /** After a bulk source's flip: swap its outputs in the cached state (others reload). */
  async refreshSource(projectId: ProjectId, source: BulkSource, sourceId: string, gen: number, items: StoredAssociation[]): Promise<void> {
    const state = this.states.get(projectId);
    if (state) (await state).setSource(sourceScope(source, sourceId), outputsOf(source, sourceId, gen, items));
    this.channel.publish({ projectId });
  }

  /** Project deletion: its collections go at once. */
  async drop(projectId: ProjectId): Promise<void> {
    this.states.delete(projectId);
    for (const name of await this.collectionsOf(projectId, '')) {
      await this.db().collection(name).drop().catch(() => undefined);
    }
    this.channel.publish({ projectId });
  }

  // --- internals ---

  private async load(projectId: ProjectId): Promise<ProjectState> {
    // Subscribed first: a change between our reads and the subscription would be missed.
    await this.channel.ready();
    const started = performance.now();
    const pointers = await this.generations.all(projectId);
    const committed = new Map([...pointers].map(([scope, p]) => [scope, p.committed]));
    const records = pointers.get(RECORDS_SCOPE);
    const history = new Set(records?.history ?? []);
    const state = new ProjectState(records?.committed ?? 0, history, (scope) => committed.get(scope) ?? 0);
    const pages: PageDoc[] = [];
    for (const name of await this.collectionsOf(projectId, 'pages')) pages.push(...(await this.db().collection<PageDoc>(name).find({}).toArray()));
    const sources = new Map<string, { source: BulkSource; sourceId: string; gen: number; items: StoredAssociation[] }>();
    for (const page of pages.sort((a, b) => (a._id < b._id ? -1 : 1))) {
      if (page.gen !== (committed.get(page.scope) ?? 0)) continue;
      if (page.kind === 'rec') {
        for (const r of decodeBlob<StoredRecord[]>(page.blob)) state.putRecord(r);
        continue;
      }
      const [source, ...rest] = page.scope.split(':');
      const entry = sources.get(page.scope) ?? { source: source as BulkSource, sourceId: rest.join(':'), gen: page.gen, items: [] };
      for (const a of reviveAssociations(decodeBlob<StoredAssociation[]>(page.blob))) entry.items.push(a);
      sources.set(page.scope, entry);
    }
    for (const [scope, s] of sources) state.setSource(scope, outputsOf(s.source, s.sourceId, s.gen, s.items));
    const ops = await this.opsOf(projectId).find({}).toArray();
    for (const op of ops.sort((a, b) => (a._id < b._id ? -1 : 1))) state.apply({ id: op._id, op: reviveOp(decodeBlob<StoreOp>(op.blob)) });
    this.logger.debug({ projectId, records: state.records.size, pages: pages.length, ops: ops.length, ms: Math.round(performance.now() - started) }, 'project state loaded');
    return state;
  }

  /**
   * One collection per scope: FerretDB filters in Go after reading every row of a collection,
   * so a source's flip must not pay for reading the (large) record pages.
   */
  private pagesOf(projectId: ProjectId, scope: string): mongo.Collection<PageDoc> {
    const suffix = scope === RECORDS_SCOPE ? 'records' : createHash('sha1').update(scope).digest('hex').slice(0, 20);
    return this.db().collection<PageDoc>(`p_${projectId}_pages_${suffix}`);
  }

  private async collectionsOf(projectId: ProjectId, kind: 'pages' | ''): Promise<string[]> {
    const prefix = `p_${projectId}_${kind}`;
    const all = await this.db().listCollections({}, { nameOnly: true }).toArray();
    return all.map((c) => c.name).filter((n) => n.startsWith(prefix));
  }

  private opsOf(projectId: ProjectId): mongo.Collection<OpDoc> {
    return this.db().collection<OpDoc>(`p_${projectId}_ops`);
  }

  private db(): mongo.Db {
    const db = this.mongo.connection.db;
    if (!db) throw new Error('the records database is not connected yet');
    return db;
  }

  /** Sortable: time, then a per-process counter (ops of one process stay in order). */
  private opId(): string {
    this.counter = (this.counter + 1) % 36 ** 5;
    return `${Date.now().toString(36).padStart(9, '0')}${this.counter.toString(36).padStart(5, '0')}${this.channel.origin}`;
  }

  private evict(): void {
    while (this.states.size > MAX_CACHED_PROJECTS) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) return;
      this.states.delete(oldest);
    }
  }

  private async onNotice(notice: ChangeNotice): Promise<void> {
    const state = this.states.get(notice.projectId);
    if (!state) return;
    if (!notice.op) {
      this.states.delete(notice.projectId);
      return;
    }
    (await state).apply({ id: notice.op.id, op: reviveOp(notice.op.op) });
  }
}

function reviveOp(op: StoreOp): StoreOp {
  if (op.t === 'add' || op.t === 'replace') reviveAssociations(op.items);
  return op;
}

function outputsOf(source: BulkSource, sourceId: string, generation: number, items: readonly StoredAssociation[]) {
  const byRecord = new Map<string, StoredAssociation[]>();
  for (const a of items) {
    const list = byRecord.get(a.recordId);
    if (list) list.push(a);
    else byRecord.set(a.recordId, [a]);
  }
  return { source, sourceId, generation, byRecord, count: items.length, taskIds: new Set(items.map((a) => a.taskId)) };
}
