import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingEvents, type Embedding, type EmbeddingSubjects, type RequestOf } from '@refinery/contracts';
import { embeddingName } from '@refinery/embedders';
import { AppError } from '@refinery/server-core';
import { CONFIG, EventPublisher } from '@refinery/server-kit';
import { VECTOR_INDEX, type VectorIndexPort } from '../index/vector-index.port.js';
import { ModelRegistry } from '../models/model-registry.js';
import { BatchMarkRepository } from '../runs/batch-mark.repository.js';
import { EmbedderStateRepository } from '../runs/embedder-state.repository.js';
import { EmbeddingRunner } from '../runs/embedding-runner.service.js';
import type { EmbeddingsConfig } from '../shared/embeddings-config.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { RecordsClient } from '../shared/records-client.js';
import { VectorPageRepository } from '../vectors/vector-page.repository.js';
import { VectorSetCache } from '../vectors/vector-set.cache.js';
import { EmbeddingRepository } from './embedding.repository.js';
import type { EmbeddingDoc } from './embedding.schema.js';
import { embeddingView } from './embedding-view.js';

type CreateRequest = RequestOf<typeof EmbeddingSubjects.create>;

const EMBEDDABLE = new Set(['TEXT', 'CATEGORY']);

/** Embedding definitions: create (and start the run), list, get, delete, refresh. */
@Injectable()
export class EmbeddingsService {
  /** Definitions read for searches, briefly: a browsing session asks many times a second, and FerretDB reads are slow. */
  private readonly recent = new Map<string, { doc: EmbeddingDoc; until: number }>();

  constructor(
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(VectorPageRepository) private readonly pages: VectorPageRepository,
    @Inject(BatchMarkRepository) private readonly marks: BatchMarkRepository,
    @Inject(EmbedderStateRepository) private readonly states: EmbedderStateRepository,
    @Inject(ModelRegistry) private readonly models: ModelRegistry,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(EmbeddingRunner) private readonly runner: EmbeddingRunner,
    @Inject(VectorSetCache) private readonly sets: VectorSetCache,
    @Inject(VECTOR_INDEX) private readonly index: VectorIndexPort,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: EmbeddingsConfig,
  ) {}

  async create(scope: ProjectScope, request: CreateRequest): Promise<Embedding> {
    this.models.resolve(request.model, request.level);
    const attribute = (await this.records.attributes(scope.projectId, scope.actor)).find((a) => a.name === request.attributeName);
    if (!attribute) throw invalid('attributeName', `the project has no attribute "${request.attributeName}"`);
    if (!EMBEDDABLE.has(attribute.dataType)) throw invalid('attributeName', `attribute "${attribute.name}" is ${attribute.dataType}; only TEXT and CATEGORY attributes can be embedded`);
    const name = embeddingName({ attribute: attribute.name, level: request.level, model: request.model });
    await this.ensureFreeName(scope, name);
    const doc = await this.embeddings.insert(scope.projectId, {
      _id: randomUUID(),
      name,
      attributeName: attribute.name,
      model: request.model,
      level: request.level,
      requestedDims: request.dims,
      dims: null,
      reduced: null,
      metric: request.metric,
      state: 'QUEUED',
      frozen: false,
      visible: true,
      generation: null,
      runGeneration: null,
      batches: 0,
      revision: randomUUID(),
      vectorCount: 0,
      progress: { done: 0, total: 0 },
      threshold: null,
      actor: scope.actor,
      error: null,
      createdAt: new Date(),
      finishedAt: null,
    });
    this.events.publish(EmbeddingEvents.changed, scope.projectId, { projectId: scope.projectId, embeddingId: doc._id, change: 'created' }, scope.actor);
    await this.runner.start(scope.projectId, doc);
    return embeddingView((await this.embeddings.findById(scope.projectId, doc._id)) ?? doc);
  }

  async list(scope: ProjectScope): Promise<Embedding[]> {
    return (await this.embeddings.list(scope.projectId)).filter((d) => d.visible).map(embeddingView);
  }

  async get(scope: ProjectScope, embeddingId: string): Promise<Embedding> {
    return embeddingView(await this.require(scope, embeddingId));
  }

  /** A visible embedding, or NOT_FOUND. */
  async require(scope: ProjectScope, embeddingId: string): Promise<EmbeddingDoc> {
    const doc = await this.embeddings.findById(scope.projectId, embeddingId);
    if (!doc || !doc.visible) throw notFound('embedding', embeddingId);
    return doc;
  }

  /** `require`, reusing a definition read in the last EMBEDDINGS_DOC_CACHE_MS (searches only). */
  async requireRecent(scope: ProjectScope, embeddingId: string): Promise<EmbeddingDoc> {
    const key = `${scope.projectId} ${embeddingId}`;
    const hit = this.recent.get(key);
    if (hit && hit.until > Date.now()) return hit.doc;
    const doc = await this.require(scope, embeddingId);
    if (this.recent.size > 1_000) this.recent.clear();
    if (this.config.EMBEDDINGS_DOC_CACHE_MS > 0) this.recent.set(key, { doc, until: Date.now() + this.config.EMBEDDINGS_DOC_CACHE_MS });
    return doc;
  }

  async delete(scope: ProjectScope, embeddingId: string): Promise<{ deleted: true; vectorPages: number }> {
    const doc = await this.embeddings.findById(scope.projectId, embeddingId);
    if (!doc) throw notFound('embedding', embeddingId);
    // The definition goes first: running jobs see it gone and stop writing.
    await this.embeddings.remove(scope.projectId, embeddingId);
    const vectorPages = await this.removeData(scope, embeddingId);
    this.events.publish(EmbeddingEvents.changed, scope.projectId, { projectId: scope.projectId, embeddingId, change: 'deleted' }, scope.actor);
    return { deleted: true, vectorPages };
  }

  async refresh(scope: ProjectScope, embeddingId: string): Promise<{ queued: true }> {
    const doc = await this.require(scope, embeddingId);
    if (doc.frozen) throw invalid('embeddingId', `embedding "${doc.name}" was imported without its model state (frozen); it cannot embed new records`);
    await this.runner.requestSync(scope.projectId, doc._id);
    return { queued: true };
  }

  /** Vectors, embedder states, batch marks and the index of an embedding. */
  async removeData(scope: Pick<ProjectScope, 'projectId'>, embeddingId: string): Promise<number> {
    const pages = await this.pages.removeExcept(scope.projectId, embeddingId, null);
    await this.states.removeOf(scope.projectId, embeddingId, null);
    await this.marks.removeOf(scope.projectId, embeddingId);
    this.sets.forget(embeddingId);
    for (const key of this.recent.keys()) if (key.endsWith(` ${embeddingId}`)) this.recent.delete(key);
    await this.index.drop(embeddingId).catch(() => undefined);
    return pages;
  }

  async ensureFreeName(scope: ProjectScope, name: string): Promise<void> {
    const existing = await this.embeddings.byName(scope.projectId, name);
    if (existing?.visible) throw new AppError('CONFLICT', `an embedding "${name}" already exists in this project`);
    // An import that never committed holds the name invisibly: it is dropped.
    if (existing) {
      await this.embeddings.remove(scope.projectId, existing._id);
      await this.removeData(scope, existing._id);
    }
  }
}
