import { readArchive, type ArchiveEvent } from './archive-reader.js';
import { ArchiveWriter, type ByteSink } from './archive-writer.js';

function memorySink(): { sink: ByteSink; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  return { sink: { write: async (c) => void chunks.push(Buffer.from(c)), end: async () => undefined }, bytes: () => Buffer.concat(chunks) };
}

async function* pieces(bytes: Uint8Array, size = 7_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

async function build(password?: string): Promise<Buffer> {
  const { sink, bytes } = memorySink();
  const writer = await ArchiveWriter.open(sink, password);
  await writer.addJson('header.json', { a: 1 });
  await writer.startFile('records/records.jsonl', 'records');
  for (let page = 0; page < 20; page++) await writer.appendLines(Array.from({ length: 500 }, (_, i) => ({ id: `r${page * 500 + i}`, text: `héadline ${Math.sin(page * 500 + i)}` })));
  await writer.startFile('records/empty.jsonl', 'empty');
  await writer.finish();
  return bytes();
}

async function read(bytes: Uint8Array, password?: string): Promise<ArchiveEvent[]> {
  const out: ArchiveEvent[] = [];
  for await (const e of readArchive(pieces(bytes), password)) out.push(e);
  return out;
}

async function failure(bytes: Uint8Array, password?: string): Promise<string> {
  try {
    await read(bytes, password);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('project snapshot archives', () => {
  let plain: Buffer;
  let sealed: Buffer;
  beforeAll(async () => {
    plain = await build();
    sealed = await build('correct horse battery');
  });

  it('reads back every file and line in order, with counts and checksums', async () => {
    const events = await read(plain);
    expect(events.filter((e) => e.kind === 'file').map((e) => e.name)).toEqual(['header.json', 'records/records.jsonl', 'records/empty.jsonl']);
    const lines = events.filter((e): e is Extract<ArchiveEvent, { kind: 'line' }> => e.kind === 'line' && e.name === 'records/records.jsonl');
    expect(lines).toHaveLength(10_000);
    expect(JSON.parse(lines[9_999]?.text ?? '')).toEqual({ id: 'r9999', text: `héadline ${Math.sin(9_999)}` });
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    const ends = events.filter((e) => e.kind === 'end');
    expect(ends.map((e) => (e.kind === 'end' ? e.lines : -1))).toEqual([3, 10_000, 0]);
  });

  it('round-trips a password-protected archive to the same events', async () => {
    expect(sealed.subarray(0, 8).toString('latin1')).toBe('RPSNAPE1');
    expect(await read(sealed, 'correct horse battery')).toEqual(await read(plain));
  });

  it('refuses a wrong or missing password, and a password for a plain archive', async () => {
    expect(await failure(sealed, 'wrong horse battery')).toMatch(/wrong password/);
    expect(await failure(sealed)).toMatch(/password-protected; give its password/);
    expect(await failure(plain, 'correct horse battery')).toMatch(/not password-protected/);
  });

  it('detects a changed byte, a cut-off end and extra bytes in a protected archive', async () => {
    const changed = Buffer.from(sealed);
    changed[200] = (changed[200] ?? 0) ^ 1;
    expect(await failure(changed, 'correct horse battery')).toMatch(/tampered with or is damaged: frame 0 .*failed authentication/);
    expect(await failure(sealed.subarray(0, sealed.length - 40), 'correct horse battery')).toMatch(/tampered with or is damaged: frame \d+ is cut off/);
    expect(await failure(Buffer.concat([sealed, Buffer.from([0, 0, 0, 1, 9])]), 'correct horse battery')).toMatch(/after the last frame/);
  });

  it('names what is wrong with bytes that are no archive', async () => {
    expect(await failure(Buffer.from('hello, this is not a zip'))).toMatch(/neither a zip archive nor a password-protected snapshot/);
    expect(await failure(Buffer.alloc(0))).toMatch(/it is empty/);
  });
});
