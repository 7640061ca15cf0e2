// Benchmark inputs, built in memory (I/O lives only under src/bench): the 32k clickbait headlines
// as CSV/JSONL/JSON/XLSX and a synthetic 1M-row CSV generated lazily while it is read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';

const CHUNK = 64 * 1024;

export function repoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no nx.json above ${start}`);
    dir = up;
  }
}

export function sharedDataDir(): string {
  return process.env['REFINERY_SHARED_DATA_DIR'] || path.resolve(repoRoot(), '../shared/data');
}

export interface Headline {
  headline: string;
  label: 'clickbait' | 'not clickbait';
}

export function loadClickbait(): Headline[] {
  const dir = path.join(sharedDataDir(), 'clickbait');
  const read = (file: string, label: Headline['label']): Headline[] =>
    gunzipSync(readFileSync(path.join(dir, file)))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((headline) => ({ headline, label }));
  return [
    ...read('clickbait_data.gz', 'clickbait'),
    ...read('non_clickbait_data.gz', 'not clickbait'),
  ];
}

const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function clickbaitCsv(rows: Headline[]): Uint8Array {
  return new TextEncoder().encode(
    `headline,label\n${rows.map((r) => `${quote(r.headline)},${r.label}`).join('\n')}\n`,
  );
}

export function clickbaitJsonl(rows: Headline[]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n'));
}

export function clickbaitJson(rows: Headline[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(rows));
}

export async function clickbaitXlsx(rows: Headline[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('headlines');
  ws.addRow(['headline', 'label']);
  for (const r of rows) ws.addRow([r.headline, r.label]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A buffer served in 64 KiB chunks. */
export async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
}

const WORDS =
  'the a of to and in is for on with that this by from at as be are was it an new how why you your will can not more most best first after over people world year time day'.split(
    ' ',
  );
const CATEGORIES = [
  'sports',
  'politics',
  'science',
  'culture',
  'business',
  'health',
  'travel',
  'tech',
];

/** Synthetic CSV (id, text ~60 chars, category, count, score), the same bytes on every call. */
export async function* syntheticCsv(rows: number): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  let seed = 42;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  // a pool of texts keeps generation cheap next to the parsing it feeds
  const texts = Array.from({ length: 4096 }, () => {
    let text = '';
    while (text.length < 55) text += (text ? ' ' : '') + WORDS[Math.floor(rand() * WORDS.length)];
    return text;
  });
  let buf = 'id,text,category,count,score\n';
  for (let i = 0; i < rows; i++) {
    const text = texts[Math.floor(rand() * texts.length)];
    buf += `${i + 1},${text},${CATEGORIES[Math.floor(rand() * CATEGORIES.length)]},${Math.floor(rand() * 1000)},${(rand() * 100).toFixed(3)}\n`;
    if (buf.length >= CHUNK) {
      yield enc.encode(buf);
      buf = '';
    }
  }
  if (buf) yield enc.encode(buf);
}
