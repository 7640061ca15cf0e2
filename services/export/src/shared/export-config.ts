import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

/** Hours, fractions allowed (tests use seconds' worth); 0 keeps for good. */
const hours = (fallback: number) => z.coerce.number().min(0).max(100 * 365 * 24).default(fallback);

export const exportConfigSchema = configWithPort(3005).extend({
  /** Folder of the refinery sample snapshots (clickbait_initial.zip, …); default below. */
  REFINERY_SAMPLES_DIR: z.string().min(1).optional(),
  /**
   * Lifetime of an uploaded snapshot archive that was not imported (never, or the import failed)
   * and of unfinished data: upload chunks without their final chunk, archive writes whose writer
   * stopped. Counted from the upload's completion (chunks: from the newest chunk).
   */
  EXPORT_UPLOAD_TTL_HOURS: hours(24),
  /** Lifetime of a finished snapshot export, an imported upload kept by its owner, and a record export. */
  EXPORT_ARCHIVE_TTL_HOURS: hours(168),
  /** How often the expiry sweep runs (once per period across all replicas). */
  EXPORT_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3_600).default(900),
  /**
   * How long a read (an import, a download piece) or a write keeps an archive from being swept
   * after its last sign of life; running imports and writes renew it every third of this.
   */
  EXPORT_ARCHIVE_LEASE_SECONDS: z.coerce.number().int().min(1).max(24 * 3_600).default(900),
});
export type ExportConfig = z.infer<typeof exportConfigSchema>;

/** `REFINERY_SAMPLES_DIR`, else `$REFINERY_SHARED_DATA_DIR/refinery-samples`, else `<repo>/../shared/data/refinery-samples`. */
export function refinerySamplesDir(config: ExportConfig): string {
  if (config.REFINERY_SAMPLES_DIR) return resolve(config.REFINERY_SAMPLES_DIR);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const shared = process.env['REFINERY_SHARED_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data');
  return join(shared, 'refinery-samples');
}
