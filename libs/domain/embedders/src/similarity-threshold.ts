import { invalidOption } from './embedder-error.js';
import { sampleRows } from './sample.js';
import type { ExactVectorIndex } from './vector-index.js';

/** numpy's default percentile (linear interpolation between closest ranks); NaN on no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw invalidOption('percentile', `must be in [0, 100], got ${p}`);
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (rank - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface ThresholdOptions {
  /** rows sampled for the pairwise distances; default 1,000 (≈ 500k pairs) */
  readonly sampleSize?: number;
  /** default 5, refinery's choice */
  readonly percentile?: number;
  readonly seed?: number;
}

export const THRESHOLD_DEFAULTS = { sampleSize: 1_000, percentile: 5, seed: 42 } as const;

/**
 * refinery's similarity threshold: the 5th percentile of the pairwise distances among a sample
 * of the embedding's vectors. A record counts as similar when it is closer than this, i.e.
 * closer than 95 % of random pairs. NaN when fewer than two rows exist.
 */
export function similarityThreshold(
  index: ExactVectorIndex,
  options: ThresholdOptions = {},
): number {
  const size = options.sampleSize ?? THRESHOLD_DEFAULTS.sampleSize;
  if (!Number.isInteger(size) || size < 2)
    throw invalidOption('sampleSize', `must be an integer ≥ 2, got ${size}`);
  const rows = sampleRows(index.n, size, options.seed ?? THRESHOLD_DEFAULTS.seed);
  const m = rows.length;
  const distances = new Float64Array((m * (m - 1)) / 2);
  let p = 0;
  for (let a = 0; a < m; a++)
    for (let b = a + 1; b < m; b++) distances[p++] = index.distance(rows[a]!, rows[b]!);
  return percentile(distances, options.percentile ?? THRESHOLD_DEFAULTS.percentile);
}
