import { invalidOption } from './embedder-error.js';
import { sampleRows } from './sample.js';
import type { ExactVectorIndex } from './vector-index.js';

export interface OutlierOptions {
  /** `knn` (default): mean distance to the k nearest rows of a reference sample; `centroid`: distance to the mean vector */
  readonly method?: 'knn' | 'centroid';
  /** neighbours averaged; default 10 */
  readonly k?: number;
  /** reference rows for `knn`; default 2,000 (all rows when fewer) */
  readonly sampleSize?: number;
  readonly seed?: number;
}

export const OUTLIER_DEFAULTS = { method: 'knn', k: 10, sampleSize: 2_000, seed: 42 } as const;

/**
 * One score per row, higher = more unusual.
 *
 * `knn` is the mean distance to the k nearest neighbours (Angiulli & Pizzuti's kNN-weight
 * score): it finds records far from every cluster, also in multi-modal data where the centroid
 * sits between clusters. Neighbours are searched in a seeded reference sample, so the cost is
 * n × sampleSize × dims (32k × 2k × 64 ≈ 2 s) instead of n²; a row in the sample does not count
 * itself. `centroid` is one pass (distance to the mean of the stored vectors; for cosine the
 * mean of the normalised vectors) for very large embeddings.
 */
export function outlierScores(index: ExactVectorIndex, options: OutlierOptions = {}): Float32Array {
  const method = options.method ?? OUTLIER_DEFAULTS.method;
  if (method !== 'knn' && method !== 'centroid')
    throw invalidOption('method', `must be "knn" or "centroid", got "${String(method)}"`);
  const scores = new Float32Array(index.n);
  if (index.n === 0) return scores;
  if (method === 'centroid') {
    const mean = new Float32Array(index.dims);
    for (let i = 0; i < index.n; i++) {
      const r = index.row(i);
      for (let c = 0; c < index.dims; c++) mean[c]! += r[c]! / index.n;
    }
    return index.distancesTo(mean, scores);
  }
  const k = options.k ?? OUTLIER_DEFAULTS.k;
  const size = options.sampleSize ?? OUTLIER_DEFAULTS.sampleSize;
  if (!Number.isInteger(k) || k < 1)
    throw invalidOption('k', `must be a positive integer, got ${k}`);
  if (!Number.isInteger(size) || size < 2)
    throw invalidOption('sampleSize', `must be an integer ≥ 2, got ${size}`);
  const reference = sampleRows(index.n, size, options.seed ?? OUTLIER_DEFAULTS.seed);
  const best = new Float64Array(k);
  const dists = new Float32Array(reference.length);
  for (let i = 0; i < index.n; i++) {
    index.distancesBetween(i, reference, dists);
    // k smallest distances by insertion (k is small)
    let filled = 0;
    for (let r = 0; r < reference.length; r++) {
      if (reference[r] === i) continue;
      const dist = dists[r]!;
      if (filled < k) {
        let p = filled++;
        while (p > 0 && best[p - 1]! > dist) best[p] = best[--p]!;
        best[p] = dist;
      } else if (dist < best[k - 1]!) {
        let p = k - 1;
        while (p > 0 && best[p - 1]! > dist) best[p] = best[--p]!;
        best[p] = dist;
      }
    }
    let sum = 0;
    for (let p = 0; p < filled; p++) sum += best[p]!;
    scores[i] = filled ? sum / filled : 0;
  }
  return scores;
}
