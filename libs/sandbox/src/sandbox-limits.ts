import { SandboxError } from './sandbox-error.js';
import type { SandboxLimits } from './sandbox-types.js';

export const DEFAULT_LIMITS: SandboxLimits = Object.freeze({
  perRecordMs: 1_000,
  runWallMs: 600_000,
  setupMs: 2_000,
  maxOutputChars: 100_000,
  maxSpansPerRecord: 1_000,
  batchSize: 4_096,
  maxLogLines: 1_000,
  maxLogLineChars: 2_000,
});

/** Merges limit layers (later wins) and rejects a non-positive or non-integer field by name. */
export function resolveLimits(...layers: readonly (Partial<SandboxLimits> | undefined)[]): SandboxLimits {
  const merged: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (!(key in DEFAULT_LIMITS)) throw new SandboxError('INVALID_LIMITS', `unknown limit "${key}"`);
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
        throw new SandboxError('INVALID_LIMITS', `limit "${key}" must be a positive integer, got ${String(value)}`);
      }
      merged[key] = value;
    }
  }
  return merged as unknown as SandboxLimits;
}
