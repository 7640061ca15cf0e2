import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingSubjects, VectorSubjects, type Embedding, type ReplyOf } from '@refinery/contracts';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { invalid } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';

type VectorPage = ReplyOf<typeof VectorSubjects.get>;

/** An embedding's vectors, row-major, with the record of each row. */
export interface VectorTable {
  readonly recordIds: string[];
  readonly dims: number;
  readonly matrix: Float32Array;
}

/** What this service asks the embeddings service (active learners), as the scope's actor. */
@Injectable()
export class EmbeddingsClient {
  constructor(@Inject(NATS_BUS) private readonly bus: NatsBus) {}

  private meta(scope: ProjectScope) {
    return { actor: scope.actor, projectId: scope.projectId, timeoutMs: 30_000 };
  }

  /** The embedding named (or with the id) `ref`; a clear error listing the project's embeddings otherwise. */
  async resolve(scope: ProjectScope, ref: string, field: string): Promise<Embedding> {
    const { embeddings } = await this.bus.request(EmbeddingSubjects.list, {}, this.meta(scope));
    const found = embeddings.find((e) => e.name === ref || e.id === ref);
    if (found) return found;
    const names = embeddings.map((e) => `"${e.name}"`).join(', ') || 'none (create one first)';
    throw invalid(field, `embedding "${ref}" does not exist in this project; embeddings: ${names}`);
  }

  /** Every vector of the embedding, page by page (about 256 B per 64-dim row on the wire). */
  async all(scope: ProjectScope, embeddingId: string): Promise<VectorTable> {
    const recordIds: string[] = [];
    const chunks: Float32Array[] = [];
    let dims = 0;
    let cursor: number | null = null;
    do {
      const page: VectorPage = await this.bus.request(VectorSubjects.get, { embeddingId, cursor }, this.meta(scope));
      dims = page.dims;
      recordIds.push(...page.recordIds);
      const bytes = Buffer.from(page.vectors, 'base64');
      // Copy: the buffer may be a view into a shared pool at any byte offset.
      chunks.push(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const matrix = new Float32Array(recordIds.length * dims);
    let offset = 0;
    for (const chunk of chunks) {
      matrix.set(chunk, offset);
      offset += chunk.length;
    }
    return { recordIds, dims, matrix };
  }
}
