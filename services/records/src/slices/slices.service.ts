import { Inject, Injectable } from '@nestjs/common';
import { MAX_STATIC_SLICE_RECORDS, type DataSlice, type SliceKind } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { BrowserService } from '../browser/browser.service.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { SliceDoc } from './slice.schema.js';
import { SliceRepository } from './slice.repository.js';

/** Data slices: saved browser queries, dynamic (re-applied) or static (frozen membership). */
@Injectable()
export class SlicesService {
  constructor(
    @Inject(SliceRepository) private readonly slices: SliceRepository,
    @Inject(BrowserService) private readonly browser: BrowserService,
    @Inject(CommentRepository) private readonly comments: CommentRepository,
  ) {}

  async create(scope: ProjectScope, input: { name: string; kind: SliceKind; query: unknown }): Promise<DataSlice> {
    const { query, recordIds } = await this.resolve(scope, input.kind, input.query);
    return this.insert(scope, input.name, input.kind, query, recordIds);
  }

  /** A STATIC slice of given members (outlier slices); the query is the empty one. */
  async createStatic(scope: ProjectScope, name: string, recordIds: readonly string[]): Promise<DataSlice> {
    const { query } = await this.resolve(scope, 'DYNAMIC', {});
    return this.insert(scope, name, 'STATIC', query, [...recordIds]);
  }

  private async insert(scope: ProjectScope, name: string, kind: SliceKind, query: Record<string, unknown>, recordIds: string[]): Promise<DataSlice> {
    const now = new Date();
    const doc = await this.slices.insert(scope.projectId, {
      _id: newId(),
      name,
      nameKey: name.toLowerCase(),
      kind,
      query,
      recordIds,
      createdBy: scope.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    return this.view(scope, doc);
  }

  async list(scope: ProjectScope): Promise<DataSlice[]> {
    const docs = await this.slices.list(scope.projectId);
    return Promise.all(docs.map((d) => this.view(scope, d)));
  }

  async get(scope: ProjectScope, sliceId: string): Promise<DataSlice> {
    return this.view(scope, await this.require(scope, sliceId));
  }

  async update(scope: ProjectScope, input: { sliceId: string; name?: string | undefined; query?: unknown }): Promise<DataSlice> {
    const doc = await this.require(scope, input.sliceId);
    const set: Partial<SliceDoc> = { updatedAt: new Date() };
    if (input.name !== undefined) Object.assign(set, { name: input.name, nameKey: input.name.toLowerCase() });
    if (input.query !== undefined) Object.assign(set, await this.resolve(scope, doc.kind, input.query));
    await this.slices.update(scope.projectId, doc._id, set);
    return this.view(scope, { ...doc, ...set });
  }

  async delete(scope: ProjectScope, sliceId: string): Promise<void> {
    const doc = await this.require(scope, sliceId);
    await this.slices.delete(scope.projectId, doc._id);
    await this.comments.deleteForTargets(scope.projectId, 'SLICE', [doc._id]);
  }

  /** Validates the query; a STATIC slice freezes its members now. */
  private async resolve(scope: ProjectScope, kind: SliceKind, raw: unknown): Promise<{ query: Record<string, unknown>; recordIds: string[] }> {
    const { query, ids } = await this.browser.orderedIds(scope, raw, undefined, kind === 'STATIC' ? MAX_STATIC_SLICE_RECORDS + 1 : 0);
    if (ids.length > MAX_STATIC_SLICE_RECORDS) {
      throw new AppError('LIMIT_EXCEEDED', `a static slice holds at most ${MAX_STATIC_SLICE_RECORDS} records; narrow the filter or save a dynamic slice`);
    }
    return { query: query as Record<string, unknown>, recordIds: kind === 'STATIC' ? ids : [] };
  }

  private async require(scope: ProjectScope, sliceId: string): Promise<SliceDoc> {
    const doc = await this.slices.findById(scope.projectId, sliceId);
    if (!doc) throw notFound('data slice', sliceId);
    return doc;
  }

  private async view(scope: ProjectScope, doc: SliceDoc): Promise<DataSlice> {
    const size = doc.kind === 'STATIC' ? await this.browser.countExisting(scope, doc.recordIds) : await this.browser.count(scope, doc.query);
    return {
      id: doc._id,
      name: doc.name,
      kind: doc.kind,
      query: doc.query,
      size,
      createdBy: doc.createdBy,
      createdAt: doc.createdAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    };
  }
}
