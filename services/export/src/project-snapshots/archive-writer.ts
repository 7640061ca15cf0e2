import { createHash, type Hash } from 'node:crypto';
import { Zip, ZipDeflate } from 'fflate';
import { ArchiveEncryptor } from './archive-crypto.js';
import type { ArchiveFileEntry } from './archive-format.js';

/** Where the archive bytes go (GridFS); `write` resolves when the sink takes more. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

const encoder = new TextEncoder();

/**
 * Writes the zip as it is produced: one entry at a time (fflate's streaming Zip with deflate),
 * each compressed chunk passed on — through the encryptor when a password is given — and awaited
 * before the next line is added. Memory: the current page of lines plus deflate's window.
 */
export class ArchiveWriter {
  private readonly out: Uint8Array[] = [];
  private error: Error | null = null;
  private done = false;
  private readonly zip: Zip;
  private current: { entry: ZipDeflate; file: string; collection: string; lines: number; bytes: number; hash: Hash } | null = null;
  readonly files: ArchiveFileEntry[] = [];
  bytesWritten = 0;

  private constructor(
    private readonly sink: ByteSink,
    private readonly encryptor: ArchiveEncryptor | null,
  ) {
    this.zip = new Zip((err, data, final) => {
      if (err) this.error = err;
      else this.out.push(data);
      if (final) this.done = true;
    });
  }

  static async open(sink: ByteSink, password: string | undefined): Promise<ArchiveWriter> {
    const encryptor = password === undefined ? null : await ArchiveEncryptor.create(password);
    const writer = new ArchiveWriter(sink, encryptor);
    if (encryptor) await writer.emit(encryptor.header);
    return writer;
  }

  /** A whole small file (header, manifest). */
  async addJson(file: string, value: unknown): Promise<void> {
    const entry = new ZipDeflate(file, { level: 6 });
    this.zip.add(entry);
    entry.push(encoder.encode(`${JSON.stringify(value, null, 2)}\n`), true);
    await this.flush();
  }

  /** Starts `<file>` (closing the previous JSONL file). */
  async startFile(file: string, collection: string): Promise<void> {
    await this.closeFile();
    const entry = new ZipDeflate(file, { level: 6 });
    this.zip.add(entry);
    this.current = { entry, file, collection, lines: 0, bytes: 0, hash: createHash('sha256') };
  }

  async appendLines(lines: readonly unknown[]): Promise<void> {
    const c = this.current;
    if (!c) throw new Error('appendLines before startFile');
    if (!lines.length) return;
    const bytes = encoder.encode(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    c.hash.update(bytes);
    c.lines += lines.length;
    c.bytes += bytes.length;
    c.entry.push(bytes, false);
    await this.flush();
  }

  async closeFile(): Promise<ArchiveFileEntry | null> {
    const c = this.current;
    if (!c) return null;
    this.current = null;
    c.entry.push(new Uint8Array(0), true);
    await this.flush();
    const entry = { collection: c.collection, file: c.file, lines: c.lines, bytes: c.bytes, sha256: c.hash.digest('hex') };
    this.files.push(entry);
    return entry;
  }

  /** Ends the zip (and the last frame) and the sink. */
  async finish(): Promise<void> {
    await this.closeFile();
    this.zip.end();
    await this.flush();
    if (!this.done) throw new Error('the zip did not end');
    if (this.encryptor) await this.emit(this.encryptor.finish());
    await this.sink.end();
  }

  private async flush(): Promise<void> {
    if (this.error) throw this.error;
    while (this.out.length) {
      const chunk = this.out.shift() as Uint8Array;
      if (this.encryptor) for (const frame of this.encryptor.push(chunk)) await this.emit(frame);
      else await this.emit(chunk);
    }
  }

  private async emit(chunk: Uint8Array): Promise<void> {
    this.bytesWritten += chunk.length;
    await this.sink.write(chunk);
  }
}
