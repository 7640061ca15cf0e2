import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const heuristicsConfigSchema = configWithPort(3003).extend({
  /** Time one record may take in the sandbox; a batch's budget derives from it. */
  HEURISTICS_PER_RECORD_MS: positiveInt(1_000),
  /** Wall time of a whole run (all records). */
  HEURISTICS_RUN_WALL_S: positiveInt(600),
  /** Characters of one record's output. */
  HEURISTICS_MAX_OUTPUT_CHARS: positiveInt(100_000),
  /** Log lines kept per run / preview. */
  HEURISTICS_MAX_LOG_LINES: positiveInt(1_000),
  /** V8 heap of the JavaScript isolate. */
  HEURISTICS_JS_MEMORY_MB: positiveInt(128),
  /** wasm heap of one Pyodide interpreter. */
  HEURISTICS_PY_MEMORY_MB: positiveInt(512),
  /** Warm Pyodide workers per process. */
  HEURISTICS_PY_WORKERS: positiveInt(1),
  /** Load Pyodide at boot (in the background) so the first Python run does not wait for it. */
  HEURISTICS_PY_WARMUP: flag(true),
  /** How long a positive project-access answer from records is reused. */
  HEURISTICS_ACCESS_CACHE_MS: positiveInt(10_000),
});
export type HeuristicsConfig = z.infer<typeof heuristicsConfigSchema>;
