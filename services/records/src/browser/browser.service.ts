import { Inject, Injectable } from '@nestjs/common';
import type { RecordView } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import {
  evaluatePage,
  parseBrowseQuery,
  parsePageRequest,
  prepareQuery,
  QueryError,
  type BrowseQuery,
  type Condition,
  type PageRequest,
  type QueryContext,
  type RecordDocument,
} from '@refinery/query';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { RecordReader } from '../records/record-reader.service.js';
import { notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { SliceRepository } from '../slices/slice.repository.js';
import type { ProjectState } from '../store/project-state.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import { BrowseProjection } from './browse-projection.js';
import { SimilarityHitsClient, similarityTarget } from './similarity-hits.client.js';

export interface BrowseRequest {
  query: unknown;
  sliceId?: string | undefined;
  page: unknown;
  withTotal: boolean;
  withTokens: boolean;
}

interface Evaluated {
  query: BrowseQuery;
  state: ProjectState;
  items: RecordDocument[];
  total: number;
  nextCursor: string | null;
}

/** The data browser: the filter language of `@refinery/query` over the project's projection. */
@Injectable()
export class BrowserService {
  private readonly projections = new WeakMap<ProjectState, BrowseProjection>();

  constructor(
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(CommentRepository) private readonly comments: CommentRepository,
    @Inject(SliceRepository) private readonly slices: SliceRepository,
    @Inject(SimilarityHitsClient) private readonly similar: SimilarityHitsClient,
  ) {}

  async query(scope: ProjectScope, req: BrowseRequest): Promise<{ records: RecordView[]; total: number | null; nextCursor: string | null }> {
    const page = withPaths('page', () => parsePageRequest(req.page));
    const result = await this.evaluate(scope, req.query, req.sliceId, page);
    const stored = result.items.flatMap((d) => result.state.records.get(d._id) ?? []);
    return {
      records: await this.records.views(scope.projectId, stored, req.withTokens),
      total: req.withTotal ? result.total : null,
      nextCursor: result.nextCursor,
    };
  }

  /** The first `limit` record ids of a query in its order (sessions, static slices); 0 only validates. */
  async orderedIds(scope: ProjectScope, raw: unknown, sliceId: string | undefined, limit: number): Promise<{ query: BrowseQuery; ids: string[] }> {
    const result = await this.evaluate(scope, raw, sliceId, { limit: Math.max(1, limit), offset: 0 });
    return { query: result.query, ids: limit ? result.items.map((d) => d._id) : [] };
  }

  /** How many records a query matches now. */
  async count(scope: ProjectScope, raw: unknown): Promise<number> {
    return (await this.evaluate(scope, raw, undefined, { limit: 1, offset: 0 })).total;
  }

  /** Which of these records still exist. */
  async existingIds(scope: ProjectScope, recordIds: readonly string[]): Promise<ReadonlySet<string>> {
    return this.records.existingIds(scope.projectId, recordIds);
  }

  /** How many of these records still exist. */
  async countExisting(scope: ProjectScope, recordIds: readonly string[]): Promise<number> {
    return (await this.records.existingIds(scope.projectId, recordIds)).size;
  }

  private async evaluate(scope: ProjectScope, raw: unknown, sliceId: string | undefined, page: PageRequest): Promise<Evaluated> {
    const [attributes, tasks, state] = await Promise.all([
      this.attributes.list(scope.projectId),
      this.catalog.all(scope.projectId),
      this.records.state(scope.projectId),
    ]);
    const slice = sliceId ? await this.slices.findById(scope.projectId, sliceId) : null;
    if (sliceId && !slice) throw notFound('data slice', sliceId);
    // A similarity order (the request's, else a dynamic slice's) needs the embeddings service's hits before parsing.
    const target = similarityTarget(raw) ?? (slice && !hasOwnOrder(raw) ? similarityTarget(slice.query) : null);
    const ctx: QueryContext = {
      attributes: attributes.map((a) => ({ name: a.name, dataType: a.dataType })),
      tasks: tasks.map((t) => ({ id: t.id, labelIds: t.labels.map((l) => l.id) })),
      ...(target ? { similarity: await this.similar.hits(scope, target) } : {}),
    };
    let query = withPaths('query', () => parseBrowseQuery(raw, ctx));
    let members: ReadonlySet<string> | null = null;
    if (slice) {
      const saved = withPaths('sliceId', () => parseBrowseQuery(slice.query, ctx));
      if (slice.kind === 'STATIC') {
        // Frozen members, shown in the slice's order unless the request orders them itself.
        members = new Set(slice.recordIds);
        query = within({ ...saved, filter: null }, query, raw);
      } else {
        query = within(saved, query, raw);
      }
    }
    query = cheapFirst(query);
    const prepared = withPaths('query', () => prepareQuery(query, ctx));
    let projection = this.projections.get(state);
    if (!projection) this.projections.set(state, (projection = new BrowseProjection(state, scope.projectId)));
    let docs: readonly RecordDocument[] = projection.documents(new Map(tasks.map((t) => [t.id, t.kind])));
    if (members) {
      const inSlice = members;
      docs = docs.filter((d) => inSlice.has(d._id));
    }
    if (usesComments(query)) docs = await this.withCommentCounts(scope, docs);
    const result = withPaths('page', () => evaluatePage(docs, prepared, page));
    return { query, state, ...result };
  }

  /** Comment counts are per reader (shared comments plus the reader's private ones). */
  private async withCommentCounts(scope: ProjectScope, docs: readonly RecordDocument[]): Promise<RecordDocument[]> {
    const counts = new Map<string, number>();
    for (const c of await this.comments.visibleTo(scope.projectId, scope.actor.userId, { targetType: 'RECORD' })) {
      counts.set(c.targetId, (counts.get(c.targetId) ?? 0) + 1);
    }
    return docs.map((d) => (counts.has(d._id) ? { ...d, commentCount: counts.get(d._id) ?? 0 } : d));
  }
}

/** A dynamic slice's filter AND the request's; the request's order when it gives one. */
function within(slice: BrowseQuery, query: BrowseQuery, raw: unknown): BrowseQuery {
  const filters = [slice.filter, query.filter].filter((f): f is Condition => Boolean(f));
  const [only] = filters;
  const filter = filters.length > 1 ? ({ kind: 'AND', conditions: filters } as Condition) : (only ?? null);
  const ownOrder = hasOwnOrder(raw);
  return { ...query, filter, order: ownOrder ? query.order : slice.order };
}

function hasOwnOrder(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'order' in raw;
}

const TEXT_PATTERN_OPS: ReadonlySet<string> = new Set(['CONTAINS', 'ENDS_WITH', 'BEGINS_WITH', 'IN_WC', 'EQUAL', 'IN']);

/**
 * AND / OR are commutative and conditions have no side effects, so label and number tests (a
 * set lookup) run before text patterns (a regex over every record): most records are decided
 * without the regex. Within each group the original order is kept otherwise.
 */
function cheapFirst(query: BrowseQuery): BrowseQuery {
  const cost = (c: Condition): number =>
    c.kind === 'AND' || c.kind === 'OR' ? Math.max(...c.conditions.map(cost)) : c.kind === 'ANY_ATTRIBUTE' ? 3 : c.kind === 'ATTRIBUTE' ? (TEXT_PATTERN_OPS.has(c.op) ? 2 : 1) : 0;
  const walk = (c: Condition): Condition =>
    c.kind === 'AND' || c.kind === 'OR' ? { ...c, conditions: c.conditions.map(walk).sort((a, b) => cost(a) - cost(b)) } : c;
  return query.filter ? { ...query, filter: walk(query.filter) } : query;
}

function usesComments(query: BrowseQuery): boolean {
  const walk = (c: Condition): boolean => (c.kind === 'AND' || c.kind === 'OR' ? c.conditions.some(walk) : c.kind === 'HAS_COMMENTS');
  return query.filter ? walk(query.filter) : false;
}

/** A QueryError becomes VALIDATION_FAILED naming each fault under `payload.<part>`. */
function withPaths<T>(part: 'query' | 'page' | 'sliceId', fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    const issues = error.issues.map((i) => ({ path: ['payload', part, ...i.path.split(/[.[\]]+/).filter(Boolean)], message: `${i.code}: ${i.message}` }));
    const where = part === 'sliceId' ? 'payload.sliceId (the slice no longer fits the schema)' : `payload.${part}`;
    const message = error.issues.map((i) => `${where}${i.path && part !== 'sliceId' ? `.${i.path}` : ''}: ${i.message}`).join('; ');
    throw new AppError('VALIDATION_FAILED', message, { issues });
  }
}
