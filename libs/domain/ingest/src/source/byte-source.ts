// The byte layer: counts bytes while streaming (rejecting as soon as the limit is passed, before
// the chunk is used) and decodes UTF-8 with a fatal streaming decoder.
import { fail } from '../ingest-problem.js';
import { firstInvalidUtf8, incompleteTail } from './utf8.js';

/** Shared progress: bytes consumed so far. */
export interface ByteCounter {
  bytes: number;
}

/** Thrown by decodeUtf8 after the valid prefix was delivered; readers turn it into a problem with the row reached. */
export class Utf8Failure extends Error {
  constructor(readonly byteOffset: number) {
    super(`invalid UTF-8 at byte ${byteOffset}`);
  }
}

export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  counter: ByteCounter,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    if (counter.bytes > maxBytes) {
      fail({
        code: 'TOO_LARGE',
        message: `the file is larger than the limit of ${maxBytes} bytes`,
      });
    }
    if (chunk.length) yield chunk;
  }
}

/** Decoded text chunks; a leading BOM is dropped. Throws Utf8Failure at the first invalid byte. */
export async function* decodeUtf8(
  bytes: AsyncIterable<Uint8Array>,
  counter: ByteCounter,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let tail = new Uint8Array(0);
  for await (const chunk of bytes) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const joined = new Uint8Array(tail.length + chunk.length);
      joined.set(tail);
      joined.set(chunk, tail.length);
      const bad = Math.max(0, firstInvalidUtf8(joined));
      // deliver the valid text before the bad byte so the reader knows the row it was in (the
      // carried tail was not emitted yet, so joined[0, bad) is exactly the new text)
      const valid = new TextDecoder('utf-8').decode(joined.subarray(0, bad));
      if (valid) yield valid;
      throw new Utf8Failure(counter.bytes - chunk.length - tail.length + bad);
    }
    const t = incompleteTail(chunk);
    tail = t ? chunk.slice(chunk.length - t) : new Uint8Array(0);
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new Utf8Failure(counter.bytes - tail.length);
  }
  if (rest) yield rest;
}
