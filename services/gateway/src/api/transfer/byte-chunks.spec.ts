import { byteChunks, withLast } from './byte-chunks.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* pieces(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('byteChunks', () => {
  it('re-cuts pieces of any size into chunks of exactly the size, the last one shorter', async () => {
    const chunks = await collect(byteChunks(pieces('abcdefg', 'h', '', 'ijklmnopq'), 4, 1_000));
    expect(chunks.map(String)).toEqual(['abcd', 'efgh', 'ijkl', 'mnop', 'q']);
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect(byteChunks(pieces(), 4, 10))).toEqual([]);
  });

  it('refuses more than the limit with LIMIT_EXCEEDED naming it', async () => {
    await expect(collect(byteChunks(pieces('abcdef', 'ghijk'), 4, 10))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { maxBytes: 10 } });
  });
});

describe('withLast', () => {
  it('flags the last item only', async () => {
    expect(await collect(withLast(pieces('a', 'b', 'c')))).toEqual([
      { item: Buffer.from('a'), last: false },
      { item: Buffer.from('b'), last: false },
      { item: Buffer.from('c'), last: true },
    ]);
    expect(await collect(withLast(pieces()))).toEqual([]);
  });
});
