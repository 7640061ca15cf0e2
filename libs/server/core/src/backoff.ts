/** Exponential backoff with full jitter, capped. */
export function backoffDelay(
  attempt: number,
  baseMs = 250,
  maxMs = 15_000,
  rnd = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(exp / 2 + (rnd() * exp) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * Retries `attempt` until it succeeds or `signal` aborts, waiting with backoff between tries and
 * reporting each failure (the caller throttles its logging).
 */
export async function retryForever<T>(
  attempt: () => Promise<T>,
  onFailure: (error: unknown, attemptNo: number, delayMs: number) => void,
  signal: AbortSignal,
  baseMs = 250,
  maxMs = 15_000,
): Promise<T | undefined> {
  for (let n = 0; !signal.aborted; n++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = backoffDelay(n, baseMs, maxMs);
      onFailure(error, n, delay);
      await sleep(delay, signal);
    }
  }
  return undefined;
}
