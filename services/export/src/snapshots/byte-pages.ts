/**
 * Splits items into pages of at most `maxItems` items and about `maxBytes` of JSON each (one
 * item bigger than `maxBytes` gets a page of its own), so NATS messages stay bounded.
 */
export function* bytePages<T>(items: Iterable<T>, maxItems: number, maxBytes: number): Generator<T[]> {
  let page: T[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (page.length > 0 && (page.length >= maxItems || bytes + size > maxBytes)) {
      yield page;
      page = [];
      bytes = 2;
    }
    page.push(item);
    bytes += size;
  }
  if (page.length > 0) yield page;
}
