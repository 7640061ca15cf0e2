/**
 * A small read-through cache for the lookups every API request makes (its token, the caller's
 * memberships): without it each request costs three database round trips. Entries live `ttlMs`;
 * the repository owning the data invalidates on its own writes, so this process sees a change
 * (a revoked token, a removed member) at once and other gateway replicas within `ttlMs`. A load
 * that overlapped an invalidation is returned but not kept: it may have read the old value.
 * Writers invalidate after their write (in `finally`), so no load that saw the old value survives.
 */
export class ShortCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Bumped by every invalidation; a load stores its value only if none happened meanwhile. */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const startedAt = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > startedAt) return hit.value;
    const epoch = this.epoch;
    const value = await load();
    if (epoch === this.epoch) {
      this.entries.delete(key);
      // The oldest entry makes room (Map keeps insertion order).
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value ?? key);
      this.entries.set(key, { value, until: startedAt + this.ttlMs });
    }
    return value;
  }

  invalidate(key: string): void {
    this.epoch++;
    this.entries.delete(key);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}

/** How long identity's hot lookups are reused (bounds how late another replica sees a change). */
export const IDENTITY_CACHE_MS = 5_000;
