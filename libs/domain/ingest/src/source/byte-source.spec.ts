import { IngestError } from '../ingest-problem.js';
import { collect, endless } from '../sources.spec-helper.js';
import { decodeUtf8, limitBytes, Utf8Failure } from './byte-source.js';
import { firstInvalidUtf8, incompleteTail } from './utf8.js';

async function* chunksOf(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Uint8Array.from(p);
}

describe('limitBytes', () => {
  it('rejects as soon as the byte count passes the limit, without reading further', async () => {
    const counter = { bytes: 0 };
    // endless() throws if read past 3000 bytes: the limit must stop it first
    const err = await collect(limitBytes(endless(new Uint8Array(1000), 3000), 2500, counter)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).problems[0]).toMatchObject({ code: 'TOO_LARGE' });
    expect(counter.bytes).toBe(3000);
  });
});

describe('decodeUtf8', () => {
  it('decodes characters split across chunks and drops a BOM', async () => {
    const euro = [0xe2, 0x82, 0xac];
    const text = await collect(
      decodeUtf8(chunksOf([0xef, 0xbb, 0xbf, 0x61, euro[0]!], [euro[1]!], [euro[2]!, 0x62]), {
        bytes: 0,
      }),
    );
    expect(text.join('')).toBe('a€b');
  });

  it('delivers the valid prefix, then fails with the offset of the first invalid byte', async () => {
    const counter = { bytes: 0 };
    const out: string[] = [];
    const gen = decodeUtf8(
      limitBytes(chunksOf([0x61, 0x62], [0x63, 0xe2, 0x82], [0x28, 0x64]), 1000, counter),
      counter,
    );
    const err = await (async () => {
      for await (const t of gen) out.push(t);
    })().catch((e: unknown) => e);
    expect(out.join('')).toBe('abc');
    expect(err).toBeInstanceOf(Utf8Failure);
    expect((err as Utf8Failure).byteOffset).toBe(3);
  });

  it('fails on a sequence cut off at the end of the input', async () => {
    const counter = { bytes: 0 };
    const err = await collect(
      decodeUtf8(limitBytes(chunksOf([0x61, 0xe2, 0x82]), 100, counter), counter),
    ).catch((e: unknown) => e);
    expect((err as Utf8Failure).byteOffset).toBe(1);
  });
});

describe('utf8 helpers', () => {
  it('finds invalid bytes: stray continuation, overlong, surrogate', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xe2, 0x82, 0xac]))).toBe(-1);
  });

  it('measures an incomplete tail', () => {
    expect(incompleteTail(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(2);
    expect(incompleteTail(Uint8Array.from([0xe2, 0x82, 0xac]))).toBe(0);
  });
});
