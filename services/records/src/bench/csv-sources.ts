import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** `REFINERY_SHARED_DATA_DIR`, else `<repo root>/../shared/data` (this file is dist/bench/*.js). */
export function sharedDataDir(): string {
  return process.env['REFINERY_SHARED_DATA_DIR'] ?? fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
}

export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The 32k clickbait headlines as one CSV `headline,label` (label: clickbait / news). */
export function clickbaitCsv(dir = join(sharedDataDir(), 'clickbait')): { csv: Buffer; rows: number } {
  const lines = ['headline,label'];
  for (const [file, label] of [
    ['clickbait_data.gz', 'clickbait'],
    ['non_clickbait_data.gz', 'news'],
  ] as const) {
    const text = gunzipSync(readFileSync(join(dir, file))).toString('utf8');
    for (const headline of text.split('\n')) {
      const trimmed = headline.trim();
      if (trimmed) lines.push(`${csvCell(trimmed)},${label}`);
    }
  }
  return { csv: Buffer.from(`${lines.join('\n')}\n`, 'utf8'), rows: lines.length - 1 };
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike'];
const CATEGORIES = ['sports', 'politics', 'tech', 'culture', 'science'];

/** Deterministic pseudo-random numbers (the same CSV on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A synthetic CSV `id,text,category,count,score` (text ~60 characters), produced in pieces of
 * about `pieceBytes` so the client never holds the whole file next to the service under test.
 */
export function* syntheticCsv(rows: number, pieceBytes: number, seed = 42): Generator<Buffer> {
  const rnd = lcg(seed);
  let piece = 'id,text,category,count,score\n';
  for (let i = 0; i < rows; i++) {
    let text = '';
    while (text.length < 55) text += `${WORDS[Math.floor(rnd() * WORDS.length)] ?? 'x'} `;
    piece += `${i},${text.trimEnd()},${CATEGORIES[i % CATEGORIES.length] ?? 'x'},${Math.floor(rnd() * 1_000)},${(rnd() * 100).toFixed(3)}\n`;
    if (piece.length >= pieceBytes) {
      yield Buffer.from(piece, 'utf8');
      piece = '';
    }
  }
  if (piece) yield Buffer.from(piece, 'utf8');
}
