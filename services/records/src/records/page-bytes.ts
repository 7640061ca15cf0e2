/** Room for the envelope below NATS's default 1 MiB message limit. */
export const PAGE_MAX_BYTES = 900_000;

/**
 * The longest prefix of `views` whose JSON stays within `maxBytes`, but at least one view (a
 * single record too large for a message is for the reply's size check to report). Costs one
 * JSON.stringify of the page when it fits — a fraction of encoding the reply — and one per view
 * when it does not.
 */
export function withinBytes<T>(views: readonly T[], maxBytes: number): T[] {
  if (Buffer.byteLength(JSON.stringify(views)) <= maxBytes) return [...views];
  let bytes = 2; // the brackets
  let n = 0;
  for (const view of views) {
    bytes += Buffer.byteLength(JSON.stringify(view)) + (n > 0 ? 1 : 0);
    if (bytes > maxBytes && n > 0) break;
    n++;
  }
  return views.slice(0, n);
}
