// Readers of the shared benchmark data (I/O lives only under src/bench).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

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

export interface Headlines {
  readonly texts: string[];
  /** 1 = clickbait, 0 = news */
  readonly labels: Int32Array;
}

function readLines(file: string): string[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** The 32k clickbait corpus headlines, clickbait first, then news. */
export function loadClickbaitHeadlines(base = sharedDataDir()): Headlines {
  const dir = path.join(base, 'clickbait');
  const yes = readLines(path.join(dir, 'clickbait_data.gz'));
  const no = readLines(path.join(dir, 'non_clickbait_data.gz'));
  return {
    texts: [...yes, ...no],
    labels: Int32Array.from([...yes.map(() => 1), ...no.map(() => 0)]),
  };
}
