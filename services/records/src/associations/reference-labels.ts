import type { TaskKind } from '@refinery/contracts';

/** A manual or gold mark: a label, with a span for extraction tasks. */
export interface Mark {
  userId: string | null;
  labelId: string;
  start: number | null;
  end: number | null;
}

export interface Reference {
  labelIds: string[];
  spans: { labelId: string; start: number; end: number }[];
}

const NONE: Reference = { labelIds: [], spans: [] };

/**
 * The valid reference labels of one record for one task, by refinery's rule: the label(s) of
 * the only annotator; else the gold label(s); else what all annotators agree on; else none.
 * "Agree" means the same label (single-label), the same set (multi-label), and per span the
 * spans every annotator marked (extraction: span sets rarely match as a whole).
 */
export function referenceLabels(kind: TaskKind, manual: readonly Mark[], gold: readonly Mark[]): Reference {
  const byUser = new Map<string, Map<string, Mark>>();
  for (const m of manual) {
    const marks = byUser.get(m.userId ?? '') ?? new Map<string, Mark>();
    marks.set(markKey(m), m);
    byUser.set(m.userId ?? '', marks);
  }
  const users = [...byUser.values()];
  if (users.length === 1) return toReference([...(users[0]?.values() ?? [])]);
  if (gold.length) return toReference(gold);
  if (users.length === 0) return NONE;
  const [first, ...others] = users;
  if (!first) return NONE;
  if (kind === 'EXTRACTION') {
    return toReference([...first.values()].filter((m) => others.every((o) => o.has(markKey(m)))));
  }
  const agree = others.every((o) => o.size === first.size && [...first.keys()].every((k) => o.has(k)));
  return agree ? toReference([...first.values()]) : NONE;
}

function markKey(m: Mark): string {
  return m.start === null ? m.labelId : `${m.labelId}:${m.start}:${m.end}`;
}

function toReference(marks: readonly Mark[]): Reference {
  const unique = new Map(marks.map((m) => [markKey(m), m]));
  const labelIds = [...new Set([...unique.values()].map((m) => m.labelId))].sort();
  const spans = [...unique.values()]
    .filter((m): m is Mark & { start: number; end: number } => m.start !== null && m.end !== null)
    .map((m) => ({ labelId: m.labelId, start: m.start, end: m.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.labelId < b.labelId ? -1 : 1));
  return { labelIds, spans };
}
