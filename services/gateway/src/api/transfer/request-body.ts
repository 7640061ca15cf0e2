import type { Request } from 'express';

/**
 * The raw bytes of a request body as a stream. A body the JSON parser already consumed (a JSON
 * upload sent as application/json, within HTTP_BODY_LIMIT) is serialized again; send large files
 * as application/octet-stream (or text/csv, ...) so they stream.
 */
export function requestBytes(req: Request): AsyncIterable<Buffer | string> | Iterable<Buffer> {
  const parsed = req.readableEnded && req.body !== undefined;
  if (parsed) return [Buffer.from(JSON.stringify(req.body))];
  return req;
}
