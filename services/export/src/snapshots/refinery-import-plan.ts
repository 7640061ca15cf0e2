import type { DataType, ImportSource, RecordData, RecordValue, SnapshotImportBegin, SnapshotImportBeginReply, SnapshotImportLabel, SnapshotImportRow } from '@refinery/contracts';
import { resolveSpans, type RefinerySnapshot, type SnapshotAssociation } from '@refinery/refinery-snapshot';
import { AppError } from '@refinery/server-core';

/**
 * How a parsed refinery snapshot maps onto the records import protocol (pure: no I/O).
 * Heuristic outputs (associations) go to the records service here; heuristic code and lookup
 * lists to the heuristics service (heuristics-import-plan.ts); slices and embeddings stay in the
 * parsed snapshot for later imports.
 */

const DATA_TYPES: Readonly<Record<string, DataType>> = {
  TEXT: 'TEXT',
  CATEGORY: 'CATEGORY',
  INTEGER: 'INTEGER',
  FLOAT: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  EMBEDDING_LIST: 'EMBEDDING_LIST',
};

/** Weak-supervision results in the export have no source id; all of them form one source. */
export const WEAK_SUPERVISION_SOURCE_ID = 'refinery-weak-supervision';

export function beginRequest(snapshot: RefinerySnapshot, name: string | undefined): SnapshotImportBegin {
  const attributes = snapshot.attributes.map((a, i) => {
    const dataType = DATA_TYPES[a.dataType.toUpperCase()];
    if (!dataType) throw new AppError('VALIDATION_FAILED', `attributes_data[${i}].data_type: "${a.dataType}" of attribute "${a.name}" is not supported`);
    return { name: a.name, dataType, isPrimaryKey: a.isPrimaryKey };
  });
  const tasks = snapshot.tasks.map((t) => ({
    name: t.name,
    kind: t.type === 'extraction' ? ('EXTRACTION' as const) : ('CLASSIFICATION' as const),
    attribute: t.targetAttribute,
    labels: t.labels.map((l) => {
      const color = l.color === undefined ? undefined : hexColor(l.color);
      return color ? { name: l.name, color } : { name: l.name };
    }),
  }));
  return { name: name ?? snapshot.project.name, description: snapshot.project.description, attributes, tasks, sources: sourcesOf(snapshot) };
}

/** refinery's label colours are names of its palette; unknown ones get the default colour. */
const REFINERY_COLORS: Readonly<Record<string, string>> = {
  red: '#ef4444', orange: '#f97316', amber: '#f59e0b', yellow: '#eab308', lime: '#84cc16', green: '#22c55e',
  emerald: '#10b981', teal: '#14b8a6', cyan: '#06b6d4', sky: '#0ea5e9', blue: '#3b82f6', indigo: '#6366f1',
  violet: '#8b5cf6', purple: '#a855f7', fuchsia: '#d946ef', pink: '#ec4899', rose: '#f43f5e', gray: '#6b7280',
};

function hexColor(color: string): string | undefined {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : REFINERY_COLORS[color.toLowerCase()];
}

function sourceOf(a: SnapshotAssociation): ImportSource | null {
  if (a.source === 'HEURISTIC') return a.sourceId ? { source: 'HEURISTIC', sourceId: a.sourceId } : null;
  if (a.source === 'WEAK_SUPERVISION') return { source: 'WEAK_SUPERVISION', sourceId: WEAK_SUPERVISION_SOURCE_ID };
  return null;
}

function sourcesOf(snapshot: RefinerySnapshot): ImportSource[] {
  const seen = new Map<string, ImportSource>();
  for (const a of snapshot.associations) {
    const s = sourceOf(a);
    if (s) seen.set(`${s.source}|${s.sourceId}`, s);
  }
  return [...seen.values()];
}

/** Record values in attribute order with their labels; values the contract cannot carry become strings. */
export function recordRows(snapshot: RefinerySnapshot, labels: ReadonlyMap<string, SnapshotImportLabel[]>): SnapshotImportRow[] {
  const names = snapshot.attributes.map((a) => a.name);
  return snapshot.records.map((r) => {
    const data: RecordData = {};
    for (const name of names) data[name] = toValue(r.data[name]);
    return { data, labels: labels.get(r.id) ?? [] };
  });
}

function toValue(value: unknown): RecordValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return JSON.stringify(value);
}

export interface PlannedAssociations {
  /** By the snapshot's record id. */
  byRecord: Map<string, SnapshotImportLabel[]>;
  counts: { manualLabels: number; manualSpans: number; heuristicOutputs: number; weakSupervisionLabels: number; skipped: number };
}

/**
 * The associations with the records service's ids; spans become character ranges (spaCy token
 * indices resolved with `resolveSpans`). Left out (counted as skipped): manual labels refinery
 * marked invalid, spans outside the text, and repeats of a manual label (all manual labels
 * become the importing user's).
 */
export function associationItems(snapshot: RefinerySnapshot, begun: Pick<SnapshotImportBeginReply, 'tasks'>): PlannedAssociations {
  const recordIds = new Set(snapshot.records.map((r) => r.id));
  const taskIds = new Map<string, string>();
  const labelIds = new Map<string, string>();
  for (const t of snapshot.tasks) {
    const created = begun.tasks.find((c) => c.name === t.name);
    if (!created) continue;
    taskIds.set(t.id, created.id);
    for (const l of t.labels) {
      const label = created.labels.find((c) => c.name === l.name);
      if (label) labelIds.set(l.id, label.id);
    }
  }
  const ranges = new Map(resolveSpans(snapshot).map((s) => [s.associationId, s.charRange]));
  const counts = { manualLabels: 0, manualSpans: 0, heuristicOutputs: 0, weakSupervisionLabels: 0, skipped: 0 };
  const manualSeen = new Set<string>();
  const byRecord = new Map<string, SnapshotImportLabel[]>();
  for (const a of snapshot.associations) {
    const known = recordIds.has(a.recordId);
    const taskId = taskIds.get(a.taskId);
    const labelId = labelIds.get(a.labelId);
    const range = a.span ? ranges.get(a.id) : undefined;
    const manual = a.source === 'MANUAL';
    const source = sourceOf(a);
    const dedupeKey = `${a.recordId}|${a.taskId}|${a.labelId}|${a.span?.startToken ?? ''}|${a.span?.endToken ?? ''}`;
    if (!known || !taskId || !labelId || (a.span && !range) || (!manual && !source) || (manual && (a.isValidManualLabel === false || manualSeen.has(dedupeKey)))) {
      counts.skipped++;
      continue;
    }
    const list = byRecord.get(a.recordId) ?? [];
    byRecord.set(a.recordId, list);
    list.push({
      taskId,
      labelId,
      source: a.source,
      sourceId: source?.sourceId ?? null,
      // refinery stores model probabilities; the contract takes [0, 1].
      confidence: manual || a.confidence === undefined ? null : Math.min(1, Math.max(0, a.confidence)),
      ...(range ? { start: range.start, end: range.end } : {}),
    });
    if (manual) {
      manualSeen.add(dedupeKey);
      if (a.span) counts.manualSpans++;
      else counts.manualLabels++;
    } else if (a.source === 'HEURISTIC') counts.heuristicOutputs++;
    else counts.weakSupervisionLabels++;
  }
  return { byRecord, counts };
}
