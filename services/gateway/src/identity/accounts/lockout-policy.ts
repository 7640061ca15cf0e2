/**
 * Brute-force lockout over a sliding window: an e-mail with `threshold` failures within the last
 * `windowMs` is locked until the oldest of those failures leaves the window. Attempts while locked
 * are not counted, so an attacker cannot keep an account locked for longer than one window per
 * burst of failures.
 */
export function lockedUntil(failures: readonly Date[], now: Date, threshold: number, windowMs: number): Date | null {
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs)
    .sort((a, b) => b - a);
  if (recent.length < threshold) return null;
  const oldestCounted = recent[threshold - 1] ?? now.getTime();
  return new Date(oldestCounted + windowMs);
}
