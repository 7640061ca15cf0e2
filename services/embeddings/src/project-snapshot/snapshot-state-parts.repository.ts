import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { bytesOf } from '../vectors/vector-codec.js';
import type { EmbedderStateLine, StateBlob } from './embeddings-part-lines.js';

interface StatePartDoc {
  _id: string;
  projectId: string;
  embeddingId: string;
  header: EmbedderStateLine | null;
  blob: StateBlob | null;
  index: number;
  data: Buffer | null;
}

/**
 * Embedder states of an import in pieces (settings line, base64 chunks), kept in Mongo between
 * `page` and `commit`: the pages of one import may reach different replicas, and a state can be
 * megabytes. Ids are derived from the archive lines, so a page sent again changes nothing.
 */
@Injectable()
export class SnapshotStatePartsRepository {
  constructor(@Inject(MONGO) private readonly mongo: MongoConnectionManager) {}

  async putHeader(projectId: ProjectId, embeddingId: string, header: EmbedderStateLine): Promise<void> {
    await this.collection().replaceOne({ _id: `${projectId}:${embeddingId}:header` }, { projectId, embeddingId, header, blob: null, index: 0, data: null }, { upsert: true });
  }

  async putChunk(projectId: ProjectId, embeddingId: string, blob: StateBlob, index: number, data: Buffer): Promise<void> {
    await this.collection().replaceOne({ _id: `${projectId}:${embeddingId}:${blob}:${index}` }, { projectId, embeddingId, header: null, blob, index, data }, { upsert: true });
  }

  async hasHeader(projectId: ProjectId, embeddingId: string): Promise<boolean> {
    return (await this.collection().countDocuments({ _id: `${projectId}:${embeddingId}:header` })) > 0;
  }

  /** Per embedding: its settings line and each blob's chunks concatenated in index order. */
  async assemble(projectId: ProjectId): Promise<Map<string, { header: EmbedderStateLine; blobs: Partial<Record<StateBlob, Uint8Array>> }>> {
    const docs = await this.collection().find({ projectId }).toArray();
    const out = new Map<string, { header: EmbedderStateLine; blobs: Partial<Record<StateBlob, Uint8Array>> }>();
    for (const d of docs) if (d.header) out.set(d.embeddingId, { header: d.header, blobs: {} });
    const chunks = docs.filter((d) => d.blob !== null && d.data !== null).sort((a, b) => a.index - b.index);
    const byBlob = new Map<string, Uint8Array[]>();
    for (const c of chunks) {
      const key = `${c.embeddingId}\u0000${c.blob}`;
      byBlob.set(key, [...(byBlob.get(key) ?? []), bytesOf(c.data as unknown as Uint8Array)]);
    }
    for (const [key, parts] of byBlob) {
      const [embeddingId, blob] = key.split('\u0000') as [string, StateBlob];
      const entry = out.get(embeddingId);
      if (entry) entry.blobs[blob] = Buffer.concat(parts);
    }
    return out;
  }

  async drop(projectId: ProjectId): Promise<void> {
    await this.collection().deleteMany({ projectId });
  }

  private collection() {
    return this.mongo.connection.collection<StatePartDoc>('snapshot_state_parts');
  }
}
