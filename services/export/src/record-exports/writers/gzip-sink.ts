import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { ByteSink } from './byte-sink.js';

/**
 * gzip (Content-Encoding) in front of the stored file: JSON/JSONL/CSV repeat their column names
 * and labels on every row, and FerretDB stores binary data at a few MB/s, so the text formats are
 * kept gzip-compressed (zlib runs on libuv's thread pool) and served with `contentEncoding: gzip`.
 */
export class GzipSink implements ByteSink {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly done: Promise<void>;

  constructor(next: ByteSink) {
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        next.write(chunk).then(() => callback(), callback);
      },
      final(callback) {
        next.end().then(() => callback(), callback);
      },
    });
    this.done = pipeline(this.gzip, out);
    // A failure surfaces through write()/end(); this keeps it from counting as unhandled meanwhile.
    this.done.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (!this.gzip.write(chunk)) await Promise.race([once(this.gzip, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    this.gzip.end();
    await this.done;
  }
}
