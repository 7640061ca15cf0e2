import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

export const recordsConfigSchema = configWithPort(3001).extend({
  /** Largest upload accepted (bytes); bigger uploads are refused while receiving chunks. */
  RECORDS_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  RECORDS_UPLOAD_MAX_ROWS: z.coerce.number().int().positive().default(2_000_000),
  RECORDS_UPLOAD_MAX_COLUMNS: z.coerce.number().int().positive().default(500),
  RECORDS_UPLOAD_MAX_CELL_CHARS: z.coerce.number().int().positive().default(1_000_000),
});
export type RecordsConfig = z.infer<typeof recordsConfigSchema>;
