// Readers of the shared benchmark data (I/O lives only under src/bench).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type LabelMatrix, labelMatrixFromDense, labelMatrixFromVotes, type Vote } from '../matrix.js';

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

export interface WrenchSplit {
  readonly matrix: LabelMatrix;
  readonly gold: Int32Array;
}

export interface WrenchDataset {
  readonly name: string;
  readonly nClasses: number;
  readonly train: WrenchSplit;
  readonly valid: WrenchSplit;
  readonly test: WrenchSplit;
}

interface WrenchExample {
  label: number;
  weak_labels: number[];
}

export function loadWrench(name: string, dir = path.join(sharedDataDir(), 'wrench', name)): WrenchDataset {
  const labels = JSON.parse(readFileSync(path.join(dir, 'label.json'), 'utf8')) as Record<string, string>;
  const nClasses = Object.keys(labels).length;
  const split = (s: string): WrenchSplit => {
    const json = JSON.parse(readFileSync(path.join(dir, `${s}.json`), 'utf8')) as Record<string, WrenchExample>;
    const ex = Object.values(json);
    return { matrix: labelMatrixFromDense(ex.map((e) => e.weak_labels), nClasses), gold: Int32Array.from(ex.map((e) => e.label)) };
  };
  return { name, nClasses, train: split('train'), valid: split('valid'), test: split('test') };
}

/** Row-wise concatenation of matrices with the same heuristics and classes. */
export function concatMatrices(parts: readonly LabelMatrix[]): LabelMatrix {
  const first = parts[0]!;
  const votes: Vote[] = [];
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < p.nRecords; i++)
      for (let k = p.indptr[i]!; k < p.indptr[i + 1]!; k++)
        votes.push({ record: offset + i, heuristic: p.heuristic[k]!, vote: p.vote[k]!, confidence: p.confidence ? p.confidence[k]! : 1 });
    offset += p.nRecords;
  }
  return labelMatrixFromVotes(offset, first.nHeuristics, first.nClasses, votes);
}

// ---------------------------------------------------------------- refinery clickbait sample

interface RefineryExport {
  records_data: Array<{ id: string; data: Record<string, unknown> }>;
  labeling_tasks_data: Array<{ id: string; name: string; task_type: string }>;
  labeling_task_labels_data: Array<{ id: string; labeling_task_id: string; name: string }>;
  information_sources_data: Array<{ id: string; name: string; type: string; labeling_task_id: string }>;
  record_label_associations_data: Array<{
    source_id: string | null;
    record_id: string;
    labeling_task_label_id: string;
    source_type: string;
    confidence: number | null;
    is_valid_manual_label: boolean | null;
  }>;
}

async function readSingleJsonFromZip(zipPath: string): Promise<string> {
  try {
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(readFileSync(zipPath)), { filter: (f) => f.name.endsWith('.json') });
    const [first] = Object.values(files);
    if (!first) throw new Error(`no JSON file in ${zipPath}`);
    return strFromU8(first);
  } catch (e) {
    process.stderr.write(`fflate unavailable or failed (${String(e)}); falling back to unzip -p\n`);
    return execFileSync('unzip', ['-p', zipPath, '*.json'], { maxBuffer: 1 << 30 }).toString('utf8');
  }
}

export interface ClickbaitSample {
  readonly matrix: LabelMatrix;
  readonly classNames: readonly string[];
  readonly heuristicNames: readonly string[];
  readonly heuristicTypes: readonly string[];
  /** Manual labels (valid manual associations): record index -> class. */
  readonly manual: Map<number, number>;
  /** refinery's stored weak-supervision label per record (-1 = none). */
  readonly storedWeakLabel: Int32Array;
  /** Ground truth per record from the clickbait corpus (-1 = headline not found verbatim). */
  readonly gold: Int32Array;
}

function readHeadlines(file: string): Set<string> {
  return new Set(
    gunzipSync(readFileSync(file))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
}

export async function loadClickbaitSample(base = sharedDataDir()): Promise<ClickbaitSample> {
  const dir = path.join(base, 'refinery-samples');
  const zip = path.join(dir, readdirSync(dir).find((f) => f === 'clickbait.zip') ?? 'clickbait.zip');
  const exp = JSON.parse(await readSingleJsonFromZip(zip)) as RefineryExport;
  const task = exp.labeling_tasks_data.find((t) => t.name === 'clickbait' && t.task_type === 'MULTICLASS_CLASSIFICATION');
  if (!task) throw new Error('clickbait classification task not found');
  const labels = exp.labeling_task_labels_data.filter((l) => l.labeling_task_id === task.id).sort((a, b) => a.name.localeCompare(b.name));
  const classOf = new Map(labels.map((l, i) => [l.id, i]));
  const sources = exp.information_sources_data.filter((s) => s.labeling_task_id === task.id);
  const heuristicOf = new Map(sources.map((s, i) => [s.id, i]));
  const recordOf = new Map(exp.records_data.map((r, i) => [r.id, i]));
  const votes: Vote[] = [];
  const manual = new Map<number, number>();
  const stored = new Int32Array(exp.records_data.length).fill(-1);
  for (const a of exp.record_label_associations_data) {
    const c = classOf.get(a.labeling_task_label_id);
    const r = recordOf.get(a.record_id);
    if (c === undefined || r === undefined) continue;
    if (a.source_type === 'INFORMATION_SOURCE' && a.source_id !== null) {
      const h = heuristicOf.get(a.source_id);
      if (h !== undefined) votes.push({ record: r, heuristic: h, vote: c, confidence: a.confidence ?? 1 });
    } else if (a.source_type === 'MANUAL' && a.is_valid_manual_label) manual.set(r, c);
    else if (a.source_type === 'WEAK_SUPERVISION') stored[r] = c;
  }
  const clickbait = readHeadlines(path.join(base, 'clickbait', 'clickbait_data.gz'));
  const news = readHeadlines(path.join(base, 'clickbait', 'non_clickbait_data.gz'));
  const yes = labels.findIndex((l) => l.name === 'yes');
  const no = labels.findIndex((l) => l.name === 'no');
  const gold = Int32Array.from(exp.records_data, (r) => {
    const h = String(r.data['headline'] ?? '');
    return clickbait.has(h) ? yes : news.has(h) ? no : -1;
  });
  return {
    matrix: labelMatrixFromVotes(exp.records_data.length, sources.length, labels.length, votes),
    classNames: labels.map((l) => l.name),
    heuristicNames: sources.map((s) => s.name),
    heuristicTypes: sources.map((s) => s.type),
    manual,
    storedWeakLabel: stored,
    gold,
  };
}
