import { Inject, Injectable } from '@nestjs/common';
import { SNAPSHOT_PAGE_BYTES, type SnapshotPartExportPage } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import { EmbedderStateRepository } from '../runs/embedder-state.repository.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { toBase64 } from '../vectors/vector-codec.js';
import { VectorSetCache } from '../vectors/vector-set.cache.js';
import { stateLines } from './embedder-state-codec.js';
import { embeddingsPartCollections, type EmbeddingLine, type EmbeddingsPartCollection, type VectorsLine } from './embeddings-part-lines.js';

const LINES_PER_PAGE = 2_000;
/** Float32 bytes per vectors line (64 dims: 585 rows; base64 ≈ 200 KB), at most 1,000 rows. */
const VECTOR_LINE_BYTES = 150_000;
const jsonSize = (v: unknown) => Buffer.byteLength(JSON.stringify(v)) + 1;

/** Where an export stands: collection `c`, embedding `e` (vectors) and line or row offset `o`. */
interface Cursor {
  c: number;
  e: number;
  o: number;
}

/**
 * The embeddings part of a project snapshot: definitions with their committed state, the embedder
 * state of each committed run (so the imported project keeps embedding new records like the
 * source), and — with `includeVectors` — the committed vectors of classification embeddings,
 * a line per ≤ 150 KB of float32. Runs in progress, batch marks and the index stay behind.
 */
@Injectable()
export class EmbeddingsPartExportService {
  constructor(
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(EmbedderStateRepository) private readonly states: EmbedderStateRepository,
    @Inject(VectorSetCache) private readonly sets: VectorSetCache,
  ) {}

  async page(scope: ProjectScope, cursorText: string | null, includeVectors: boolean): Promise<SnapshotPartExportPage> {
    const cursor = parseCursor(cursorText);
    const collections = includeVectors ? embeddingsPartCollections : embeddingsPartCollections.filter((c) => c !== 'vectors');
    const collection = collections[cursor.c];
    if (!collection) throw new AppError('VALIDATION_FAILED', 'payload.cursor: past the last collection');
    const docs = (await this.embeddings.list(scope.projectId)).filter((d) => d.visible);
    const last = cursor.c + 1 >= collections.length;
    const nextCollection = last ? null : encode({ c: cursor.c + 1, e: 0, o: 0 });
    if (collection === 'vectors') {
      const { lines, next } = await this.vectors(scope, docs, cursor);
      return { collection, lines, cursor: next ? encode(next) : nextCollection };
    }
    const all = await this.read(scope, docs, collection);
    const lines: unknown[] = [];
    let bytes = 2;
    for (let i = cursor.o; i < all.length && lines.length < LINES_PER_PAGE; i++) {
      const size = jsonSize(all[i]);
      if (lines.length > 0 && bytes + size > SNAPSHOT_PAGE_BYTES) break;
      lines.push(all[i]);
      bytes += size;
    }
    const end = cursor.o + lines.length;
    return { collection, lines, cursor: end < all.length ? encode({ c: cursor.c, e: 0, o: end }) : nextCollection };
  }

  private async read(scope: ProjectScope, docs: readonly EmbeddingDoc[], collection: Exclude<EmbeddingsPartCollection, 'vectors'>): Promise<unknown[]> {
    if (collection === 'embeddings') return docs.map(embeddingLine);
    const out: unknown[] = [];
    for (const d of docs) {
      // Only a committed run has a state worth keeping; frozen embeddings have none.
      if (d.frozen || d.generation === null) continue;
      const state = await this.states.load(scope.projectId, d._id, d.generation);
      if (!state) continue;
      const { header, chunks } = stateLines(d._id, state);
      if (collection === 'embedder-states') out.push(header);
      else out.push(...chunks);
    }
    return out;
  }

  /** One page of vector lines from embedding `e`, row `o` (a page holds lines of one embedding). */
  private async vectors(scope: ProjectScope, docs: readonly EmbeddingDoc[], cursor: Cursor): Promise<{ lines: VectorsLine[]; next: Cursor | null }> {
    const withVectors = docs.filter((d) => d.level === 'classification' && d.generation !== null && d.dims !== null);
    const lines: VectorsLine[] = [];
    let bytes = 2;
    for (let e = cursor.e; e < withVectors.length; e++) {
      const doc = withVectors[e]!;
      const set = await this.sets.get(scope.projectId, doc);
      const rowsPerLine = Math.max(1, Math.min(1_000, Math.floor(VECTOR_LINE_BYTES / (set.dims * 4))));
      for (let row = e === cursor.e ? cursor.o : 0; row < set.ids.length; row += rowsPerLine) {
        const ids = set.ids.slice(row, row + rowsPerLine);
        const line: VectorsLine = {
          embeddingId: doc._id,
          recordIds: [...ids],
          hashes: ids.map((id) => set.hashes.get(id) ?? ''),
          vectors: toBase64(set.matrix.subarray(row * set.dims, (row + ids.length) * set.dims)),
        };
        const size = jsonSize(line);
        if (lines.length > 0 && bytes + size > SNAPSHOT_PAGE_BYTES) return { lines, next: { c: cursor.c, e, o: row } };
        lines.push(line);
        bytes += size;
      }
    }
    return { lines, next: null };
  }
}

function embeddingLine(d: EmbeddingDoc): EmbeddingLine {
  // A run over committed vectors (none today) exports what is committed.
  const state = d.generation !== null && d.state !== 'FAILED' ? 'FINISHED' : d.state;
  return {
    id: d._id,
    name: d.name,
    attributeName: d.attributeName,
    model: d.model,
    level: d.level,
    requestedDims: d.requestedDims,
    dims: d.dims,
    reduced: d.reduced,
    metric: d.metric,
    state,
    frozen: d.frozen,
    vectorCount: d.vectorCount,
    progress: d.progress,
    error: d.error,
    createdAt: new Date(d.createdAt).toISOString(),
    finishedAt: d.finishedAt ? new Date(d.finishedAt).toISOString() : null,
  };
}

const encode = (c: Cursor): string => `${c.c}:${c.e}:${c.o}`;

function parseCursor(cursor: string | null): Cursor {
  if (cursor === null) return { c: 0, e: 0, o: 0 };
  const m = /^(\d+):(\d+):(\d+)$/.exec(cursor);
  if (!m) throw new AppError('VALIDATION_FAILED', 'payload.cursor: not a cursor of this export');
  return { c: Number(m[1]), e: Number(m[2]), o: Number(m[3]) };
}
