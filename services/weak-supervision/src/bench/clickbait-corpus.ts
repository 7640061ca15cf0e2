// Readers of the shared clickbait data for the benchmark (I/O lives only under src/bench).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';

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
  readonly text: string;
  readonly clickbait: boolean;
}

/** The 32k headlines of the clickbait corpus (16k each), interleaved so both classes are spread. */
export function clickbaitCorpus(base = sharedDataDir()): Headline[] {
  const read = (file: string) =>
    gunzipSync(readFileSync(path.join(base, 'clickbait', file)))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const yes = read('clickbait_data.gz');
  const no = read('non_clickbait_data.gz');
  const out: Headline[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(yes.length, no.length); i++) {
    for (const [text, clickbait] of [
      [yes[i], true],
      [no[i], false],
    ] as const) {
      if (text === undefined || seen.has(text)) continue;
      seen.add(text);
      out.push({ text, clickbait });
    }
  }
  return out;
}

interface SampleExport {
  records_data: Array<{ id: string; data: Record<string, unknown> }>;
  labeling_tasks_data: Array<{ id: string; name: string }>;
  labeling_task_labels_data: Array<{ id: string; labeling_task_id: string; name: string }>;
  record_label_associations_data: Array<{ record_id: string; labeling_task_label_id: string; source_type: string; is_valid_manual_label: boolean | null }>;
  knowledge_bases_data: Array<{ id: string; name: string }>;
  terms_data: Array<{ knowledge_base_id: string; value: string; blacklisted: boolean }>;
}

export interface SampleKnowledge {
  /** Lookup-list terms by list name (clickbait_expression, country_related). */
  readonly terms: ReadonlyMap<string, readonly string[]>;
  /** The sample's valid manual labels of the clickbait task: headline -> label name (yes / no). */
  readonly manual: ReadonlyMap<string, string>;
}

/** The refinery clickbait sample's lookup lists (39 terms) and manual labels. */
export function clickbaitSample(base = sharedDataDir()): SampleKnowledge {
  const files = unzipSync(new Uint8Array(readFileSync(path.join(base, 'refinery-samples', 'clickbait.zip'))), { filter: (f) => f.name.endsWith('.json') });
  const [json] = Object.values(files);
  if (!json) throw new Error('clickbait.zip holds no JSON file');
  const exp = JSON.parse(strFromU8(json)) as SampleExport;
  const lists = new Map(exp.knowledge_bases_data.map((k) => [k.id, k.name]));
  const terms = new Map<string, string[]>();
  for (const t of exp.terms_data) {
    const name = lists.get(t.knowledge_base_id);
    if (!name || t.blacklisted) continue;
    terms.set(name, [...(terms.get(name) ?? []), t.value]);
  }
  const task = exp.labeling_tasks_data.find((t) => t.name === 'clickbait');
  const labelName = new Map(exp.labeling_task_labels_data.filter((l) => l.labeling_task_id === task?.id).map((l) => [l.id, l.name]));
  const headline = new Map(exp.records_data.map((r) => [r.id, String(r.data['headline'] ?? '')]));
  const manual = new Map<string, string>();
  for (const a of exp.record_label_associations_data) {
    const label = labelName.get(a.labeling_task_label_id);
    const text = headline.get(a.record_id);
    if (a.source_type === 'MANUAL' && a.is_valid_manual_label && label && text) manual.set(text, label);
  }
  return { terms, manual };
}
