import { Zip, ZipDeflate } from 'fflate';
import type { ByteSink } from './byte-sink.js';

/** Wraps what is written into one deflated file of a zip archive (fflate's streaming Zip). */
export class ZipSink implements ByteSink {
  private readonly zip: Zip;
  private readonly file: ZipDeflate;
  private pending: Uint8Array[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly next: ByteSink,
    fileName: string,
  ) {
    this.zip = new Zip((error, chunk) => {
      if (error) this.failure = error;
      else this.pending.push(chunk);
    });
    this.file = new ZipDeflate(fileName, { level: 6 });
    this.zip.add(this.file);
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.file.push(chunk);
    await this.flush();
  }

  async end(): Promise<void> {
    this.file.push(new Uint8Array(0), true);
    this.zip.end();
    await this.flush();
    await this.next.end();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const out = this.pending;
    this.pending = [];
    for (const c of out) await this.next.write(c);
  }
}
