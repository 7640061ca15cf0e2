import { z } from 'zod';

const perSecond = z.coerce.number().min(0).max(1_000_000);
const burst = z.coerce.number().int().min(1).max(10_000_000);

/**
 * Settings of the REST API (merged into the gateway's config schema). Rate limits are token
 * buckets kept in this process: a replica enforces its own share.
 */
export const apiConfigFields = {
  /** Requests per second refilled per client IP; 0 turns the IP limit off. */
  API_RATE_LIMIT_IP_PER_S: perSecond.default(50),
  /** Requests one IP may make at once before the refill rate applies. */
  API_RATE_LIMIT_IP_BURST: burst.default(200),
  /** Requests per second refilled per credential (API token or session); 0 turns it off. */
  API_RATE_LIMIT_TOKEN_PER_S: perSecond.default(20),
  API_RATE_LIMIT_TOKEN_BURST: burst.default(100),
  /** Largest upload streamed into records or the export service (bytes). */
  API_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(64 * 1024 ** 3).default(512 * 1024 ** 2),
};

export const apiConfigSchema = z.object(apiConfigFields);
export type ApiConfig = z.infer<typeof apiConfigSchema>;
