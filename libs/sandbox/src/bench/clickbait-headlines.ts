import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { SandboxRecord } from '../sandbox-types.js';

/** `<repo>/libs/sandbox/{src,dist}/bench` -> `<repo>` */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The 32,000 headlines of the clickbait corpus (one per line in two gzip files). */
export function loadClickbaitHeadlines(): SandboxRecord[] {
  const dir = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data'), 'clickbait');
  const lines = ['clickbait_data.gz', 'non_clickbait_data.gz'].flatMap((file) =>
    gunzipSync(readFileSync(join(dir, file)))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
  // As the heuristics service hands records over: parsed from JSON (a NATS reply), each string
  // its own, one byte per character when it can be. Split off the decoded file they would all be
  // views into one two-byte text (it holds a few characters beyond Latin-1), a form no record
  // has in the service.
  return JSON.parse(JSON.stringify(lines.map((headline, i) => ({ id: String(i), data: { headline } })))) as SandboxRecord[];
}
