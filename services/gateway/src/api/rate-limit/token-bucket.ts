export interface BucketPolicy {
  /** Tokens refilled per second; 0 = unlimited. */
  perSecond: number;
  /** Bucket size: requests allowed at once. */
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until one token is back (0 when allowed). */
  retryAfterS: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key (an IP, a credential), refilled continuously. Idle buckets are full
 * again after burst / perSecond seconds and are dropped then, so memory follows active keys;
 * `maxKeys` bounds it under a flood of new keys (the oldest go first).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: BucketPolicy,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  get enabled(): boolean {
    return this.policy.perSecond > 0;
  }

  take(key: string): TakeResult {
    if (!this.enabled) return { allowed: true, retryAfterS: 0, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    const bucket = this.refilled(key, now);
    // Re-insert so the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterS: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / this.policy.perSecond)), remaining: 0 };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.policy.burst, at: now };
    const elapsedS = Math.max(0, now - bucket.at) / 1000;
    return { tokens: Math.min(this.policy.burst, bucket.tokens + elapsedS * this.policy.perSecond), at: now };
  }

  private evict(now: number): void {
    const fullAfterMs = (this.policy.burst / this.policy.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size <= this.maxKeys && now - bucket.at < fullAfterMs) break;
      this.buckets.delete(key);
    }
  }
}
