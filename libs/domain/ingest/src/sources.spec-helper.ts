// Test sources: text or bytes served in chunks of a chosen size, and a source that fails the
// test if it is read past a given number of bytes.
import { IngestError, type IngestProblem } from './ingest-problem.js';

const enc = new TextEncoder();

export async function* bytesOf(
  data: string | Uint8Array,
  chunkSize = 1 << 16,
): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
}

/** Yields `chunk` forever but throws once more than `failAfter` bytes were requested. */
export async function* endless(chunk: Uint8Array, failAfter: number): AsyncGenerator<Uint8Array> {
  let served = 0;
  for (;;) {
    if (served > failAfter) throw new Error(`source read past ${failAfter} bytes`);
    served += chunk.length;
    yield chunk;
  }
}

/** The problems of the IngestError `promise` rejects with (fails if it resolves or rejects otherwise). */
export async function problemsOf(promise: Promise<unknown>): Promise<IngestProblem[]> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof IngestError) return err.problems;
    throw err;
  }
  throw new Error('expected an IngestError');
}

export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}
