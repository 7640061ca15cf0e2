import { MAX_VECTOR_PAGE_RECORDS, type VectorSubjects } from '@refinery/contracts';
import type { RefinerySnapshot } from '@refinery/refinery-snapshot';
import type { z } from 'zod';

type ImportRequest = z.input<(typeof VectorSubjects)['import']['request']>;

export interface EmbeddingImport {
  readonly name: string;
  readonly begin: Extract<ImportRequest, { step: 'begin' }>;
  /** pages without the embedding id (known after `begin`) */
  readonly pages: { recordIds: string[]; vectors: string }[];
}

export interface EmbeddingsImportPlan {
  readonly imports: EmbeddingImport[];
  /** why an embedding of the snapshot is left out */
  readonly skipped: string[];
}

/**
 * The snapshot's attribute-level vectors as frozen embeddings of the embeddings service (pure).
 * `recordIds[i]` is the records service's id of `snapshot.records[i]`. Pages stay below the NATS
 * message limit (base64 float32: dims × 16/3 bytes per record).
 */
export function embeddingsImportPlan(snapshot: RefinerySnapshot, recordIds: readonly string[], pageBytes: number): EmbeddingsImportPlan {
  const idOf = new Map(snapshot.records.map((r, i) => [r.id, recordIds[i]]));
  const imports: EmbeddingImport[] = [];
  const skipped: string[] = [];
  for (const e of snapshot.embeddings) {
    const vectors = e.vectors ?? [];
    const dims = vectors[0]?.vector.length ?? 0;
    if (!vectors.length || !dims) skipped.push(`embedding "${e.name}": the snapshot carries no vectors`);
    else if (e.level !== 'classification') skipped.push(`embedding "${e.name}": token-level (extraction) vectors are not imported`);
    else if (!e.attribute || !e.model) skipped.push(`embedding "${e.name}": the name does not read as <attribute>-classification-<model>`);
    else {
      const known = vectors.flatMap((v) => {
        const id = idOf.get(v.recordId);
        return id ? [{ id, vector: v.vector }] : [];
      });
      const perPage = Math.max(1, Math.min(MAX_VECTOR_PAGE_RECORDS, Math.floor(pageBytes / ((dims * 16) / 3))));
      const pages = [];
      for (let from = 0; from < known.length; from += perPage) {
        const part = known.slice(from, from + perPage);
        const flat = new Float32Array(part.length * dims);
        part.forEach((p, i) => flat.set(p.vector, i * dims));
        pages.push({ recordIds: part.map((p) => p.id), vectors: Buffer.from(flat.buffer).toString('base64') });
      }
      imports.push({ name: e.name, begin: { step: 'begin', attributeName: e.attribute, model: e.model, level: 'classification', dims }, pages });
    }
  }
  return { imports, skipped };
}
