import type { ExportConfig } from '../shared/export-config.js';

/** The lifetimes of the export service's stored files, in milliseconds (null: kept for good). */
export interface ExpiryPolicy {
  /** Uploads not imported, upload chunks, unfinished writes. */
  readonly uploadTtlMs: number | null;
  /** Finished snapshot exports, imported uploads, record exports. */
  readonly archiveTtlMs: number | null;
  readonly leaseMs: number;
  readonly sweepEveryMs: number;
}

const HOUR_MS = 3_600_000;

export function expiryPolicy(config: Pick<ExportConfig, 'EXPORT_UPLOAD_TTL_HOURS' | 'EXPORT_ARCHIVE_TTL_HOURS' | 'EXPORT_ARCHIVE_LEASE_SECONDS' | 'EXPORT_SWEEP_INTERVAL_SECONDS'>): ExpiryPolicy {
  const ttl = (hours: number) => (hours > 0 ? Math.max(1, Math.round(hours * HOUR_MS)) : null);
  return {
    uploadTtlMs: ttl(config.EXPORT_UPLOAD_TTL_HOURS),
    archiveTtlMs: ttl(config.EXPORT_ARCHIVE_TTL_HOURS),
    leaseMs: config.EXPORT_ARCHIVE_LEASE_SECONDS * 1_000,
    sweepEveryMs: config.EXPORT_SWEEP_INTERVAL_SECONDS * 1_000,
  };
}

/** What was made before this instant has expired; null when nothing of that kind expires. */
export function expiryCutoff(now: Date, ttlMs: number | null): Date | null {
  return ttlMs === null ? null : new Date(now.getTime() - ttlMs);
}

/**
 * The sweep of the period `now` falls in: every replica asks for the same job id within one
 * period, so BullMQ keeps one job per period however many replicas schedule it. `nextInMs` is
 * the time to the next period's start.
 */
export function sweepPeriod(nowMs: number, everyMs: number): { jobId: string; nextInMs: number } {
  const period = Math.floor(nowMs / everyMs);
  return { jobId: `archives-sweep-${everyMs}-${period}`, nextInMs: (period + 1) * everyMs - nowMs };
}
