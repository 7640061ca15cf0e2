import { expiryCutoff, expiryPolicy, sweepPeriod } from './expiry-policy.js';

const config = (uploadHours: number, archiveHours: number) => ({ EXPORT_UPLOAD_TTL_HOURS: uploadHours, EXPORT_ARCHIVE_TTL_HOURS: archiveHours, EXPORT_ARCHIVE_LEASE_SECONDS: 900, EXPORT_SWEEP_INTERVAL_SECONDS: 60 });

describe('expiryPolicy', () => {
  it('turns hours (fractions too) into milliseconds and 0 into "kept for good"', () => {
    expect(expiryPolicy(config(24, 0.001))).toEqual({ uploadTtlMs: 86_400_000, archiveTtlMs: 3_600, leaseMs: 900_000, sweepEveryMs: 60_000 });
    expect(expiryPolicy(config(0, 168))).toMatchObject({ uploadTtlMs: null, archiveTtlMs: 604_800_000 });
  });

  it('keeps a tiny positive lifetime positive (it does not round to "forever")', () => {
    expect(expiryPolicy(config(1e-9, 1)).uploadTtlMs).toBe(1);
  });
});

describe('expiryCutoff', () => {
  it('is the instant one lifetime ago, or null when nothing expires', () => {
    const now = new Date('2030-01-02T00:00:00.000Z');
    expect(expiryCutoff(now, 86_400_000)).toEqual(new Date('2030-01-01T00:00:00.000Z'));
    expect(expiryCutoff(now, null)).toBeNull();
  });
});

describe('sweepPeriod', () => {
  it('gives every instant of one period the same job id, and the next period another', () => {
    const every = 900_000;
    const start = 1_900_000_000_000 - (1_900_000_000_000 % every);
    const a = sweepPeriod(start, every);
    const b = sweepPeriod(start + every - 1, every);
    const c = sweepPeriod(start + every, every);
    expect(a.jobId).toBe(b.jobId);
    expect(c.jobId).not.toBe(a.jobId);
    expect([a.nextInMs, b.nextInMs, c.nextInMs]).toEqual([every, 1, every]);
  });

  it('names the period length, so replicas with another interval do not share its ids', () => {
    expect(sweepPeriod(0, 60_000).jobId).toBe('archives-sweep-60000-0');
    expect(sweepPeriod(0, 900_000).jobId).toBe('archives-sweep-900000-0');
  });

  it('is a valid BullMQ custom id (no colon, not an integer)', () => {
    const { jobId } = sweepPeriod(Date.now(), 900_000);
    expect(jobId).not.toContain(':');
    expect(Number.isNaN(Number(jobId))).toBe(true);
  });
});
