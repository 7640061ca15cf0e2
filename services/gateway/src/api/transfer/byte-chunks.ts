import type { Readable } from 'node:stream';
import { AppError } from '@refinery/server-core';

/**
 * The bytes of a stream re-cut into pieces of exactly `size` bytes (the last one shorter), so a
 * request body of any size goes to a service piece by piece without ever being held whole.
 * LIMIT_EXCEEDED (413) once more than `maxBytes` arrived.
 */
export async function* byteChunks(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string> | Readable, size: number, maxBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  for await (const piece of source as AsyncIterable<Buffer | string> | Iterable<Buffer | string>) {
    let buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
    total += buffer.length;
    if (total > maxBytes) throw new AppError('LIMIT_EXCEEDED', `the upload is larger than ${maxBytes} bytes (API_UPLOAD_MAX_BYTES)`, { maxBytes });
    while (pendingBytes + buffer.length >= size) {
      const take = size - pendingBytes;
      pending.push(buffer.subarray(0, take));
      yield Buffer.concat(pending);
      buffer = buffer.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (buffer.length > 0) {
      pending.push(buffer);
      pendingBytes += buffer.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/** Each piece with a flag telling whether it is the last one (one piece of look-ahead). */
export async function* withLast<T>(items: AsyncIterable<T>): AsyncGenerator<{ item: T; last: boolean }> {
  let previous: { value: T } | null = null;
  for await (const item of items) {
    if (previous) yield { item: previous.value, last: false };
    previous = { value: item };
  }
  if (previous) yield { item: previous.value, last: true };
}
