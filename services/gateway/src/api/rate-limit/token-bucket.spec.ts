import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until a token is back', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 0.5, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('ip').allowed)).toEqual([true, true, true]);
    expect(buckets.take('ip')).toEqual({ allowed: false, retryAfterS: 2, remaining: 0 });
    now = 2_000;
    expect(buckets.take('ip').allowed).toBe(true);
    expect(buckets.take('ip').allowed).toBe(false);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 }, () => 0);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('b').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('never refills beyond the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 10, burst: 2 }, () => now);
    buckets.take('k');
    now = 60_000;
    expect(buckets.take('k').remaining).toBe(1);
  });

  it('drops buckets that are full again and bounds the number of keys', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, () => now, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) buckets.take(key);
    expect(buckets.size).toBe(3);
    now = 10_000;
    buckets.take('f');
    expect(buckets.size).toBe(1);
  });

  it('is off with a rate of 0', () => {
    const buckets = new TokenBuckets({ perSecond: 0, burst: 1 }, () => 0);
    expect([1, 2, 3].every(() => buckets.take('k').allowed)).toBe(true);
    expect(buckets.size).toBe(0);
  });
});
