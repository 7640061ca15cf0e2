import type { ExportSourceItem, ExportSourceOpened, ExportSourceRow, ExportSourceTask, RecordValue } from '@refinery/contracts';
import { bioTags } from '@refinery/tokenize';

/** A cell of an exported row: arrays are JSON arrays (JSON/JSONL) or JSON array strings (CSV/XLSX). */
export type Cell = RecordValue | number[] | null;

export interface Column {
  name: string;
  cell: (row: ExportSourceRow) => Cell;
}

/** refinery's label source names in column names. */
const MANUAL = 'MANUAL';
const WEAK_SUPERVISION = 'WEAK_SUPERVISION';
const HEURISTIC = 'INFORMATION_SOURCE';

type Items = readonly ExportSourceItem[] | null | undefined;

/**
 * The columns of a record export in refinery's layout (see README "Column layout"): the attributes,
 * then per task `<attribute>__<task>__MANUAL`, `__WEAK_SUPERVISION`, `__WEAK_SUPERVISION__confidence`
 * and `__INFORMATION_SOURCE__<heuristic name>` per chosen heuristic (`<attribute>` empty for
 * whole-record tasks). Extraction tasks give BIO tag lists per token (plus a `__confidence` list
 * for weak supervision and heuristics), with the token list in `<attribute>__tokenized` before the
 * first of them. Pure.
 */
export function exportColumns(opened: Pick<ExportSourceOpened, 'attributes' | 'tasks' | 'tokenAttributes'>, heuristicNames: ReadonlyMap<string, string>): Column[] {
  const columns: Column[] = opened.attributes.map(({ name }, i) => ({ name, cell: (row) => row.d[i] ?? null }));
  const tokenized = new Set<string>();
  opened.tasks.forEach((task, t) => {
    const prefix = `${task.attributeName ?? ''}__${task.name}`;
    const sources: { name: string; items: (row: ExportSourceRow) => Items; confidence: boolean }[] = [
      { name: `${prefix}__${MANUAL}`, items: (row) => row.t[t]?.m, confidence: false },
      { name: `${prefix}__${WEAK_SUPERVISION}`, items: (row) => row.t[t]?.w, confidence: true },
      ...task.heuristicIds.map((id, h) => ({
        name: `${prefix}__${HEURISTIC}__${heuristicNames.get(id) ?? id}`,
        items: (row: ExportSourceRow) => row.t[t]?.h?.[h],
        confidence: task.kind === 'EXTRACTION',
      })),
    ];
    if (task.kind === 'EXTRACTION') {
      const attribute = task.attributeName ?? '';
      const k = opened.tokenAttributes.indexOf(attribute);
      const tokensOf = (row: ExportSourceRow) => (k < 0 ? undefined : row.k?.[k]);
      if (!tokenized.has(attribute)) {
        tokenized.add(attribute);
        columns.push({ name: `${attribute}__tokenized`, cell: (row) => tokensOf(row) ?? null });
      }
      for (const s of sources) {
        columns.push({ name: s.name, cell: (row) => bio(task, tokensOf(row), s.items(row)) });
        if (s.confidence) columns.push({ name: `${s.name}__confidence`, cell: (row) => tokenConfidence(task, tokensOf(row), s.items(row)) });
      }
      return;
    }
    for (const s of sources) {
      columns.push({ name: s.name, cell: (row) => labelCell(task, s.items(row)) });
      if (s.name.endsWith(`__${WEAK_SUPERVISION}`)) columns.push({ name: `${s.name}__confidence`, cell: (row) => confidenceCell(task, s.items(row)) });
    }
  });
  return columns;
}

function nameOf(task: ExportSourceTask, item: ExportSourceItem): string {
  return task.labels[item[0]] ?? '';
}

/** Single-label: the label name; multi-label: the names as a list; none: null. */
function labelCell(task: ExportSourceTask, items: Items): Cell {
  if (!items?.length) return null;
  if (task.kind === 'MULTI_LABEL_CLASSIFICATION') return items.map((i) => nameOf(task, i));
  const first = items[0];
  return first ? nameOf(task, first) : null;
}

/** Single-label: the confidence; multi-label: one per label, in the order of the labels. */
function confidenceCell(task: ExportSourceTask, items: Items): Cell {
  if (!items?.length) return null;
  if (task.kind === 'MULTI_LABEL_CLASSIFICATION') return items.map((i) => i[1] ?? 0);
  return items[0]?.[1] ?? null;
}

function spansOf(task: ExportSourceTask, items: readonly ExportSourceItem[]) {
  return items.flatMap((i) => (i[2] === undefined || i[3] === undefined ? [] : [{ start: i[2], end: i[3], label: nameOf(task, i), confidence: i[1] }]));
}

/** Token-level BIO tags ('O' outside); null when the source marked nothing in this record (as refinery). */
function bio(task: ExportSourceTask, tokens: readonly string[] | undefined, items: Items): Cell {
  if (!items?.length || !tokens) return null;
  return bioTags(indexTokens(tokens.length), spansOf(task, items));
}

/** The confidence of the span covering each token, 0 outside (refinery's `__confidence` lists). */
function tokenConfidence(task: ExportSourceTask, tokens: readonly string[] | undefined, items: Items): Cell {
  if (!items?.length || !tokens) return null;
  const spans = spansOf(task, items);
  const tags = bioTags(indexTokens(tokens.length), spans);
  const out = new Array<number>(tokens.length).fill(0);
  for (const s of spans) {
    // Only the spans bioTags kept: their first token carries B-<label> and the rest I-<label>.
    if (tags[s.start] !== `B-${s.label}`) continue;
    let whole = true;
    for (let t = s.start + 1; t < s.end; t++) if (tags[t] !== `I-${s.label}`) whole = false;
    if (!whole) continue;
    for (let t = s.start; t < s.end; t++) out[t] = s.confidence ?? 0;
  }
  return out;
}

/** Token i as the character range [i, i+1): spans in token indices then map 1:1 onto tokens. */
function indexTokens(n: number) {
  return Array.from({ length: n }, (_, index) => ({ index, text: '', start: index, end: index + 1 }));
}
