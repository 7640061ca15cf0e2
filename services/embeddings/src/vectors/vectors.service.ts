import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingEvents, type ReplyOf, type RequestOf, type VectorSubjects } from '@refinery/contracts';
import { embeddingName } from '@refinery/embedders';
import { EventPublisher } from '@refinery/server-kit';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import { embeddingView } from '../embeddings/embedding-view.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import { EmbeddingVectorsService } from '../similarity/embedding-vectors.service.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { fromBase64, toBase64, toBuffer } from './vector-codec.js';
import { VectorPageRepository } from './vector-page.repository.js';

type GetRequest = RequestOf<typeof VectorSubjects.get>;
type GetReply = ReplyOf<typeof VectorSubjects.get>;
type ImportRequest = RequestOf<typeof VectorSubjects.import>;
type ImportReply = ReplyOf<typeof VectorSubjects.import>;

/** Vectors out (learners, exports) and in (frozen imports of refinery snapshots). */
@Injectable()
export class VectorsService {
  constructor(
    @Inject(EmbeddingVectorsService) private readonly vectors: EmbeddingVectorsService,
    @Inject(EmbeddingsService) private readonly definitions: EmbeddingsService,
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(VectorPageRepository) private readonly pages: VectorPageRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async get(scope: ProjectScope, request: GetRequest): Promise<GetReply> {
    const { set } = await this.vectors.usable(scope, request.embeddingId, { fresh: true });
    const total = set.ids.length;
    let ids: string[];
    let missing: string[] = [];
    let nextCursor: number | null = null;
    if ('recordIds' in request) {
      ids = request.recordIds.filter((id) => set.rows.has(id));
      missing = request.recordIds.filter((id) => !set.rows.has(id));
    } else {
      const from = request.cursor ?? 0;
      ids = set.ids.slice(from, from + request.limit);
      nextCursor = from + request.limit < total ? from + request.limit : null;
    }
    const out = new Float32Array(ids.length * set.dims);
    ids.forEach((id, i) => {
      const row = set.rows.get(id)!;
      out.set(set.matrix.subarray(row * set.dims, (row + 1) * set.dims), i * set.dims);
    });
    return { dims: set.dims, recordIds: ids, vectors: toBase64(out), missing, total, nextCursor };
  }

  async import(scope: ProjectScope, request: ImportRequest): Promise<ImportReply> {
    if (request.step === 'begin') {
      const name = embeddingName({ attribute: request.attributeName, level: request.level, model: request.model });
      await this.definitions.ensureFreeName(scope, name);
      const generation = Date.now();
      const doc = await this.embeddings.insert(scope.projectId, {
        _id: randomUUID(),
        name,
        attributeName: request.attributeName,
        model: request.model,
        level: request.level,
        requestedDims: request.dims,
        dims: request.dims,
        reduced: null,
        metric: request.metric,
        state: 'EMBEDDING',
        frozen: true,
        visible: false,
        generation,
        runGeneration: generation,
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
      return { embedding: embeddingView(doc), stored: 0 };
    }
    const doc = await this.embeddings.findById(scope.projectId, request.embeddingId);
    if (!doc || !doc.frozen) throw notFound('embedding import', request.embeddingId);
    if (request.step === 'abort') {
      await this.embeddings.remove(scope.projectId, doc._id);
      await this.definitions.removeData(scope, doc._id);
      return { embedding: embeddingView(doc), stored: 0 };
    }
    if (doc.visible) throw invalid('embeddingId', `embedding "${doc.name}" is already committed`);
    if (request.step === 'page') return { embedding: embeddingView(doc), stored: await this.page(scope, doc, request.recordIds, request.vectors) };
    const stored = (await this.pages.ofGeneration(scope.projectId, doc._id, doc.generation!)).reduce((n, p) => n + p.recordIds.length, 0);
    const finished: Partial<EmbeddingDoc> = { visible: true, state: 'FINISHED', vectorCount: stored, revision: randomUUID(), progress: { done: stored, total: stored }, finishedAt: new Date() };
    await this.embeddings.update(scope.projectId, doc._id, finished);
    this.events.publish(EmbeddingEvents.changed, scope.projectId, { projectId: scope.projectId, embeddingId: doc._id, change: 'created' }, scope.actor);
    return { embedding: embeddingView({ ...doc, ...finished }), stored };
  }

  private async page(scope: ProjectScope, doc: EmbeddingDoc, recordIds: readonly string[], base64: string): Promise<number> {
    const dims = doc.dims!;
    const values = fromBase64(base64);
    if (values.length !== recordIds.length * dims) {
      throw invalid('vectors', `holds ${values.length} float32 values; ${recordIds.length} records × ${dims} dims need ${recordIds.length * dims}`);
    }
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw invalid('vectors', `value ${bad % dims} of record ${recordIds[Math.floor(bad / dims)]} is not a finite number`);
    if (new Set(recordIds).size !== recordIds.length) throw invalid('recordIds', 'a record id appears twice in the page');
    await this.pages.insertOnce(scope.projectId, {
      _id: `${doc._id}:${doc.generation}:i${Date.now()}-${randomUUID().slice(0, 8)}`,
      embeddingId: doc._id,
      generation: doc.generation!,
      seq: Date.now(),
      recordIds: [...recordIds],
      hashes: recordIds.map(() => ''),
      tokenCounts: [],
      removedIds: [],
      dims,
      vectors: toBuffer(values),
      createdAt: new Date(),
    });
    return recordIds.length;
  }
}
