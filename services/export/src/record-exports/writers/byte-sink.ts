/** Where an export's bytes go, with backpressure: `write` resolves when more may be written. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

/** Counts what passes through (the stored file's size). */
export class CountingSink implements ByteSink {
  bytes = 0;
  constructor(private readonly next: ByteSink) {}
  write(chunk: Uint8Array): Promise<void> {
    this.bytes += chunk.byteLength;
    return this.next.write(chunk);
  }
  end(): Promise<void> {
    return this.next.end();
  }
}
