import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingEvents, snapshotId } from '@refinery/contracts';
import { AppError, lineError, parseLines, type Logger } from '@refinery/server-core';
import { EventPublisher, LOGGER } from '@refinery/server-kit';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import { EmbeddingsService } from '../embeddings/embeddings.service.js';
import { EmbedderStateRepository } from '../runs/embedder-state.repository.js';
import { EmbeddingRunner } from '../runs/embedding-runner.service.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { fromBase64, toBuffer } from '../vectors/vector-codec.js';
import { VectorPageRepository } from '../vectors/vector-page.repository.js';
import { stateFromLines } from './embedder-state-codec.js';
import { EmbedderStateChunkLine, EmbedderStateLine, EmbeddingLine, VectorsLine } from './embeddings-part-lines.js';
import { SnapshotStatePartsRepository } from './snapshot-state-parts.repository.js';

export interface PageInput {
  salt: string;
  collection: string;
  line: number;
  lines: readonly unknown[];
}

/** What an embedding imported without its vectors becomes (see `commit`). */
const FROZEN_WITHOUT_VECTORS = 'imported without its vectors: a frozen embedding has no model state to compute them again; import the archive with vectors, or delete it and create the embedding anew';

/**
 * The embeddings part of a project-snapshot import, after records and heuristics. Definitions are
 * written invisible (`visible: false`, as a frozen import between begin and commit) under
 * `snapshotId(salt, id)`, their vectors as pages of the definition's generation with record ids
 * mapped the same way, embedder states in pieces; `commit` makes them visible with a new revision
 * (every replica rebuilds its index lazily) and stores the states. An embedding that came without
 * vectors gets them computed again from its imported embedder state (a sync job: bit-identical to
 * the source's); a frozen one cannot and is FAILED with the reason. `abort` removes everything of
 * the project here.
 */
@Injectable()
export class EmbeddingsPartImportService {
  constructor(
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(EmbeddingsService) private readonly definitions: EmbeddingsService,
    @Inject(VectorPageRepository) private readonly pages: VectorPageRepository,
    @Inject(EmbedderStateRepository) private readonly states: EmbedderStateRepository,
    @Inject(SnapshotStatePartsRepository) private readonly parts: SnapshotStatePartsRepository,
    @Inject(EmbeddingRunner) private readonly runner: EmbeddingRunner,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async page(scope: ProjectScope, input: PageInput): Promise<void> {
    const { salt, collection, line } = input;
    const id = (old: string) => snapshotId(salt, old);
    switch (collection) {
      case 'embeddings': {
        for (const [i, e] of parseLines(EmbeddingLine, collection, line, input.lines).entries()) {
          if (await this.embeddings.byName(scope.projectId, e.name)) throw lineError(collection, line + i, 'name', `embedding "${e.name}" repeats an earlier line`);
          if (e.state === 'FINISHED' && e.dims === null) throw lineError(collection, line + i, 'dims', 'a FINISHED embedding has dims');
          const generation = Date.now();
          await this.embeddings.insert(scope.projectId, {
            _id: id(e.id),
            name: e.name,
            attributeName: e.attributeName,
            model: e.model,
            level: e.level,
            requestedDims: e.requestedDims,
            dims: e.dims,
            reduced: e.reduced,
            metric: e.metric,
            state: e.state,
            frozen: e.frozen,
            visible: false,
            generation: e.state === 'FINISHED' ? generation : null,
            runGeneration: e.state === 'FINISHED' ? generation : null,
            batches: 0,
            revision: randomUUID(),
            vectorCount: e.vectorCount,
            progress: e.progress,
            threshold: null,
            // Jobs read records as the definition's actor: the importing user, in the new project.
            actor: scope.actor,
            error: e.error,
            createdAt: new Date(e.createdAt),
            finishedAt: e.finishedAt === null ? null : new Date(e.finishedAt),
          });
        }
        return;
      }
      case 'embedder-states': {
        for (const [i, s] of parseLines(EmbedderStateLine, collection, line, input.lines).entries()) {
          const doc = await this.pending(scope, id(s.embeddingId));
          if (!doc) throw lineError(collection, line + i, 'embeddingId', `embedding ${s.embeddingId} is not in embeddings.jsonl`);
          if (doc.frozen || doc.generation === null) throw lineError(collection, line + i, 'embeddingId', `embedding "${doc.name}" is ${doc.frozen ? 'frozen' : doc.state}; only a FINISHED, non-frozen embedding has an embedder state`);
          await this.parts.putHeader(scope.projectId, doc._id, { ...s, embeddingId: doc._id });
        }
        return;
      }
      case 'embedder-state-chunks': {
        for (const [i, c] of parseLines(EmbedderStateChunkLine, collection, line, input.lines).entries()) {
          const embeddingId = id(c.embeddingId);
          if (!(await this.parts.hasHeader(scope.projectId, embeddingId))) throw lineError(collection, line + i, 'embeddingId', `embedding ${c.embeddingId} has no line in embedder-states.jsonl`);
          await this.parts.putChunk(scope.projectId, embeddingId, c.blob, c.index, Buffer.from(c.data, 'base64'));
        }
        return;
      }
      case 'vectors': {
        const lines = parseLines(VectorsLine, collection, line, input.lines);
        const docs = new Map<string, EmbeddingDoc | null>();
        for (const [i, v] of lines.entries()) {
          const at = line + i;
          const embeddingId = id(v.embeddingId);
          if (!docs.has(embeddingId)) docs.set(embeddingId, await this.pending(scope, embeddingId));
          const doc = docs.get(embeddingId);
          if (!doc) throw lineError(collection, at, 'embeddingId', `embedding ${v.embeddingId} is not in embeddings.jsonl`);
          if (doc.level !== 'classification' || doc.generation === null || doc.dims === null) {
            throw lineError(collection, at, 'embeddingId', `embedding "${doc.name}" has no vectors to import (${doc.level !== 'classification' ? 'token-level' : doc.state})`);
          }
          if (v.hashes.length !== v.recordIds.length) throw lineError(collection, at, 'hashes', `${v.hashes.length} hashes for ${v.recordIds.length} records`);
          if (new Set(v.recordIds).size !== v.recordIds.length) throw lineError(collection, at, 'recordIds', 'a record id appears twice in the line');
          const values = fromBase64(v.vectors);
          if (values.length !== v.recordIds.length * doc.dims) {
            throw lineError(collection, at, 'vectors', `holds ${values.length} float32 values; ${v.recordIds.length} records × ${doc.dims} dims need ${v.recordIds.length * doc.dims}`);
          }
          const bad = values.findIndex((x) => !Number.isFinite(x));
          if (bad >= 0) throw lineError(collection, at, 'vectors', `value ${bad % doc.dims} of record ${v.recordIds[Math.floor(bad / doc.dims)]} is not a finite number`);
          // One page per archive line, its id from the line: a page sent again is stored once.
          await this.pages.insertOnce(scope.projectId, {
            _id: `${doc._id}:${doc.generation}:v${at}`,
            embeddingId: doc._id,
            generation: doc.generation,
            seq: at,
            recordIds: v.recordIds.map(id),
            hashes: v.hashes,
            tokenCounts: [],
            removedIds: [],
            dims: doc.dims,
            vectors: toBuffer(values),
            createdAt: new Date(),
          });
        }
        return;
      }
      default:
        throw lineError(collection, line, '', `the embeddings part has no collection "${collection}"`);
    }
  }

  /** Makes every imported embedding visible (see the class comment); answers counts. */
  async commit(scope: ProjectScope): Promise<Record<string, number>> {
    const { projectId } = scope;
    const states = await this.parts.assemble(projectId);
    let vectors = 0;
    let recomputing = 0;
    for (const doc of (await this.embeddings.list(projectId)).filter((d) => !d.visible)) {
      const pieces = states.get(doc._id);
      const state = pieces ? stateFromLines(pieces.header, pieces.blobs) : null;
      if (typeof state === 'string') throw new AppError('VALIDATION_FAILED', `embedder-state-chunks: the state of embedding "${doc.name}": ${state}`);
      if (doc.generation === null) {
        if (doc.state === 'FAILED') await this.embeddings.update(projectId, doc._id, { visible: true });
        else {
          // Archived in the middle of its first run: it runs again here.
          await this.embeddings.update(projectId, doc._id, { visible: true, vectorCount: 0, progress: { done: 0, total: 0 }, finishedAt: null });
          await this.runner.start(projectId, doc);
        }
        this.created(scope, doc._id);
        continue;
      }
      if (state) await this.states.save(projectId, doc._id, doc.generation, state);
      const stored = (await this.pages.ofGeneration(projectId, doc._id, doc.generation)).reduce((n, p) => n + p.recordIds.length, 0);
      vectors += stored;
      const withoutVectors = stored === 0 && doc.vectorCount > 0;
      if (withoutVectors && (doc.frozen || !state)) {
        await this.embeddings.update(projectId, doc._id, { visible: true, state: 'FAILED', vectorCount: 0, error: { code: 'VALIDATION_FAILED', message: FROZEN_WITHOUT_VECTORS } });
        this.created(scope, doc._id);
        continue;
      }
      await this.embeddings.update(projectId, doc._id, { visible: true, vectorCount: stored, revision: randomUUID(), threshold: null });
      this.created(scope, doc._id);
      if (withoutVectors || doc.level === 'extraction') {
        // The sync embeds every record without a vector with the imported state, as the source did.
        await this.runner.requestSync(projectId, doc._id);
        recomputing++;
      }
    }
    await this.parts.drop(projectId);
    const all = (await this.embeddings.list(projectId)).filter((d) => d.visible);
    this.logger.info({ projectId, embeddings: all.length, vectors, recomputing }, 'embeddings of a project snapshot imported');
    return { embeddings: all.length, vectors, recomputing };
  }

  /** Everything of the project here (the import may have written any of it, also after commit). */
  async abort(scope: ProjectScope): Promise<void> {
    for (const d of await this.embeddings.list(scope.projectId)) {
      await this.embeddings.remove(scope.projectId, d._id);
      await this.definitions.removeData(scope, d._id);
    }
    await this.parts.drop(scope.projectId);
  }

  /** An embedding this import wrote and has not committed. */
  private async pending(scope: ProjectScope, embeddingId: string): Promise<EmbeddingDoc | null> {
    const doc = await this.embeddings.findById(scope.projectId, embeddingId);
    return doc && !doc.visible ? doc : null;
  }

  private created(scope: ProjectScope, embeddingId: string): void {
    this.events.publish(EmbeddingEvents.changed, scope.projectId, { projectId: scope.projectId, embeddingId, change: 'created' }, scope.actor);
  }
}
