import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

export const exportConfigSchema = configWithPort(3005).extend({
  /** Folder of the refinery sample snapshots (clickbait_initial.zip, …); default below. */
  REFINERY_SAMPLES_DIR: z.string().min(1).optional(),
});
export type ExportConfig = z.infer<typeof exportConfigSchema>;

/** `REFINERY_SAMPLES_DIR`, else `$REFINERY_SHARED_DATA_DIR/refinery-samples`, else `<repo>/../shared/data/refinery-samples`. */
export function refinerySamplesDir(config: ExportConfig): string {
  if (config.REFINERY_SAMPLES_DIR) return resolve(config.REFINERY_SAMPLES_DIR);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const shared = process.env['REFINERY_SHARED_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data');
  return join(shared, 'refinery-samples');
}
