/**
 * Yields the items of `source` while already fetching the next one, so reading records from
 * records overlaps with running the previous chunk in the sandbox.
 */
export async function* readAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = source.next();
      yield item.value;
    }
  } finally {
    // Stopped early: the prefetch must not become an unhandled rejection.
    next.catch(() => undefined);
  }
}
