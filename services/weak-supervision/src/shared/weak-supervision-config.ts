import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

export const weakSupervisionConfigSchema = configWithPort(3004).extend({
  /** Quiet time after the last label change before a task's statistics are recomputed. */
  WS_STATISTICS_DEBOUNCE_MS: z.coerce.number().int().min(0).default(3_000),
  /** Longest a burst of label changes may postpone the recompute. */
  WS_STATISTICS_MAX_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a project's membership in the caller's organization is trusted without asking records. */
  WS_ACCESS_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Records per `records.associations.label-matrix` page (records allows ≤ 10,000). */
  WS_READ_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(5_000),
  /** Label-matrix pages asked for at once while reading a matrix (guessing dense `seq`, verified). */
  WS_READ_AHEAD: z.coerce.number().int().min(1).max(8).default(3),
  /** Weak-label pages in flight at once while writing a run's labels. */
  WS_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(4).default(2),
  /** Weak labels per `replace-source` page (records allows ≤ 5,000; ~110 bytes each on the wire). */
  WS_WRITE_PAGE_SIZE: z.coerce.number().int().min(1).max(5_000).default(2_500),
  /** Folds of the cross-validated quality report. */
  WS_QUALITY_FOLDS: z.coerce.number().int().min(2).max(20).default(5),
});
export type WeakSupervisionConfig = z.infer<typeof weakSupervisionConfigSchema>;
