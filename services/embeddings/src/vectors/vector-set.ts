import { bytesOf, fromBytes } from './vector-codec.js';
import type { VectorPageDoc } from './vector-page.schema.js';

/** The visible vectors of a classification-level embedding: record ids and one n × dims matrix. */
export interface VectorSet {
  readonly dims: number;
  readonly ids: readonly string[];
  readonly matrix: Float32Array;
  /** record id → row */
  readonly rows: ReadonlyMap<string, number>;
  /** record id → text hash (empty for imported vectors) */
  readonly hashes: ReadonlyMap<string, string>;
}

/**
 * Applies pages in order (a later page's vector of a record replaces an earlier one; `removedIds`
 * drop records), then packs the survivors in first-seen order. Extraction pages (token rows)
 * contribute their record ids and hashes only.
 */
export function vectorSetOf(pages: readonly Pick<VectorPageDoc, 'recordIds' | 'hashes' | 'tokenCounts' | 'removedIds' | 'dims' | 'vectors'>[], dims: number): VectorSet {
  const where = new Map<string, { values: Float32Array; row: number; hash: string }>();
  for (const page of pages) {
    const values = fromBytes(bytesOf(page.vectors));
    const tokenLevel = page.tokenCounts.length > 0;
    if (!tokenLevel && values.length !== page.recordIds.length * page.dims) {
      throw new Error(`vector page holds ${values.length} values for ${page.recordIds.length} records × ${page.dims} dims`);
    }
    page.recordIds.forEach((id, row) => {
      // Delete first so a replaced record moves to its latest position (Map keeps insertion order).
      where.delete(id);
      where.set(id, { values, row: tokenLevel ? -1 : row, hash: page.hashes[row] ?? '' });
    });
    for (const id of page.removedIds) where.delete(id);
  }
  const ids = [...where.keys()];
  const matrix = new Float32Array(ids.length * dims);
  const rows = new Map<string, number>();
  const hashes = new Map<string, string>();
  ids.forEach((id, i) => {
    const w = where.get(id)!;
    rows.set(id, i);
    hashes.set(id, w.hash);
    if (w.row >= 0) matrix.set(w.values.subarray(w.row * dims, (w.row + 1) * dims), i * dims);
  });
  return { dims, ids, matrix, rows, hashes };
}
