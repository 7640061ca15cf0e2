import { createHash, type Hash } from 'node:crypto';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { AppError } from '@refinery/server-core';
import { decryptArchive, isEncrypted } from './archive-crypto.js';

/** What reading an archive yields, in archive order. */
export type ArchiveEvent =
  | { kind: 'file'; name: string }
  | { kind: 'line'; name: string; line: number; text: string }
  | { kind: 'end'; name: string; lines: number; bytes: number; sha256: string };

/** Compressed bytes pushed into the inflater at once: bounds what one push can expand to. */
const PUSH_BYTES = 16 * 1024;
/** A JSONL line longer than this is refused (a records page is ~450 KB; a line is far less). */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

const damaged = (what: string) => new AppError('VALIDATION_FAILED', `the archive is not a readable project snapshot: ${what}`);

/**
 * Reads an archive as a stream of files and lines: decrypts when it is password-protected
 * (frames authenticated before use), inflates with fflate's streaming Unzip, splits each file
 * into lines. Memory: one frame, one pushed piece inflated, and the current partial line.
 */
export async function* readArchive(source: AsyncIterable<Uint8Array>, password: string | undefined): AsyncGenerator<ArchiveEvent> {
  const queue: ArchiveEvent[] = [];
  let failure: Error | null = null;
  let sawFile = false;
  const unzip = new Unzip((file: UnzipFile) => {
    sawFile = true;
    const name = file.name;
    if (file.compression !== 0 && file.compression !== 8) {
      failure = damaged(`${name} uses compression method ${file.compression} (only deflate and stored are read)`);
      return;
    }
    queue.push({ kind: 'file', name });
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const hash: Hash = createHash('sha256');
    let partial = '';
    let line = 0;
    let bytes = 0;
    file.ondata = (err, data, final) => {
      if (err) {
        failure = damaged(`${name}: ${err.message}`);
        return;
      }
      hash.update(data);
      bytes += data.length;
      let text: string;
      try {
        text = partial + decoder.decode(data, { stream: !final });
      } catch {
        failure = damaged(`${name} line ${line + 1}: not UTF-8 text`);
        return;
      }
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE_BYTES) failure = damaged(`${name} line ${line + 1}: longer than ${MAX_LINE_BYTES} bytes`);
      for (const p of parts) queue.push({ kind: 'line', name, line: ++line, text: p });
      if (final) {
        if (partial.length) queue.push({ kind: 'line', name, line: ++line, text: partial });
        queue.push({ kind: 'end', name, lines: line, bytes, sha256: hash.digest('hex') });
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let first = true;
  let plain: AsyncIterable<Uint8Array> = source;
  const bytes = peekable(source);
  const head = await bytes.peek();
  if (head && isEncrypted(head)) plain = decryptArchive(bytes, password);
  else {
    plain = bytes;
    if (password !== undefined && head) throw new AppError('VALIDATION_FAILED', 'payload.password: this archive is not password-protected; import it without one');
  }
  for await (const chunk of plain) {
    if (first && !(chunk[0] === 0x50 && chunk[1] === 0x4b)) throw damaged('it is neither a zip archive nor a password-protected snapshot');
    first = false;
    for (let i = 0; i < chunk.length; i += PUSH_BYTES) {
      try {
        unzip.push(chunk.subarray(i, Math.min(chunk.length, i + PUSH_BYTES)), false);
      } catch (error) {
        throw damaged(error instanceof Error ? error.message : String(error));
      }
      if (failure) throw failure;
      while (queue.length) yield queue.shift() as ArchiveEvent;
    }
  }
  if (first) throw damaged('it is empty');
  try {
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    throw damaged(error instanceof Error ? error.message : String(error));
  }
  if (failure) throw failure;
  while (queue.length) yield queue.shift() as ArchiveEvent;
  if (!sawFile) throw damaged('it holds no files');
}

/** An async byte source whose first chunk can be looked at before it is consumed. */
function peekable(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> & { peek(): Promise<Uint8Array | undefined> } {
  const it = source[Symbol.asyncIterator]();
  let held: IteratorResult<Uint8Array> | undefined;
  return {
    async peek() {
      held ??= await it.next();
      return held.done ? undefined : held.value;
    },
    async *[Symbol.asyncIterator]() {
      if (held) {
        if (held.done) return;
        yield held.value;
        held = undefined;
      }
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
}
