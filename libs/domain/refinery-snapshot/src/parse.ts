import { unzipSync } from 'fflate';
import type { z } from 'zod';
import { rawSnapshotSchema, type RawSnapshot } from './raw-schema.js';
import type {
  AssociationSource,
  EmbeddingVector,
  ParseOptions,
  RefinerySnapshot,
  SnapshotAssociation,
  SnapshotEmbedding,
  SnapshotTask,
  TaskType,
  TokenSpan,
} from './types.js';

export interface SnapshotIssue {
  /** JSON path, e.g. "records_data[3].id" */
  readonly path: string;
  readonly message: string;
}

/** Thrown for unreadable or invalid snapshots; `issues` name the JSON paths at fault. */
export class RefinerySnapshotError extends Error {
  readonly issues: readonly SnapshotIssue[];
  constructor(issues: readonly SnapshotIssue[]) {
    const shown = issues
      .slice(0, 10)
      .map((i) => `${i.path || '(root)'}: ${i.message}`)
      .join('; ');
    super(
      `invalid refinery snapshot: ${shown}${issues.length > 10 ? `; … ${issues.length - 10} more` : ''}`,
    );
    this.name = 'RefinerySnapshotError';
    this.issues = issues;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

const fail = (path: string, message: string): never => {
  throw new RefinerySnapshotError([{ path, message }]);
};

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

/** The export JSON text: the bytes themselves, or the single .json entry of a zip. */
export function extractSnapshotJson(input: Uint8Array): string {
  let bytes = input;
  if (isZip(input)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(input, {
        filter: (f) => f.name.toLowerCase().endsWith('.json') && !f.name.startsWith('__MACOSX/'),
      });
    } catch (e) {
      return fail('(zip)', `cannot unzip: ${(e as Error).message}`);
    }
    const names = Object.keys(entries).sort();
    const preferred = names.filter((n) => /(^|\/)project_export[^/]*\.json$/i.test(n));
    const pick = preferred.length === 1 ? preferred : names;
    if (pick.length !== 1) {
      return fail(
        '(zip)',
        pick.length === 0
          ? 'no .json file in the zip'
          : `expected one .json file, found ${pick.join(', ')}`,
      );
    }
    bytes = entries[pick[0]!]!;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('(file)', 'not UTF-8 text');
  }
}

function validate(json: unknown): RawSnapshot {
  const result = rawSnapshotSchema.safeParse(json);
  if (!result.success) {
    throw new RefinerySnapshotError(
      result.error.issues.map((i: z.core.$ZodIssue) => ({
        path: formatPath(i.path),
        message: i.message,
      })),
    );
  }
  return result.data;
}

const TASK_TYPES: Record<string, TaskType> = {
  MULTICLASS_CLASSIFICATION: 'classification',
  INFORMATION_EXTRACTION: 'extraction',
};

const SOURCES: Record<string, AssociationSource> = {
  MANUAL: 'MANUAL',
  INFORMATION_SOURCE: 'HEURISTIC',
  WEAK_SUPERVISION: 'WEAK_SUPERVISION',
};

const splitList = (s: string | null): string[] =>
  s === null
    ? []
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

/** refinery names embeddings "<attribute>-<classification|extraction>-<model>" */
function embeddingNameParts(name: string, attributeNames: readonly string[]) {
  const m = /^(.+?)-(classification|extraction)-(.+)$/.exec(name);
  if (!m) return { attribute: null, level: null, model: null };
  // prefer an exact attribute name (attribute names may contain "-")
  const attr = attributeNames.find(
    (a) => name.startsWith(`${a}-classification-`) || name.startsWith(`${a}-extraction-`),
  );
  if (attr !== undefined) {
    const rest = name.slice(attr.length + 1);
    const dash = rest.indexOf('-');
    return { attribute: attr, level: rest.slice(0, dash), model: rest.slice(dash + 1) };
  }
  return { attribute: m[1] ?? null, level: m[2] ?? null, model: m[3] ?? null };
}

function normalize(raw: RawSnapshot, options: ParseOptions): RefinerySnapshot {
  const attrById = new Map(raw.attributes_data.map((a) => [a.id, a]));
  const recordIds = new Set(raw.records_data.map((r) => r.id));

  // tasks + labels
  const taskIndex = new Map<string, number>();
  const tasks: SnapshotTask[] = raw.labeling_tasks_data.map((t, i) => {
    const type =
      TASK_TYPES[t.task_type] ??
      fail(`labeling_tasks_data[${i}].task_type`, `unsupported task type ${t.task_type}`);
    let targetAttribute: string | null = null;
    if (t.attribute_id !== null) {
      targetAttribute =
        attrById.get(t.attribute_id)?.name ??
        fail(`labeling_tasks_data[${i}].attribute_id`, `unknown attribute ${t.attribute_id}`);
    }
    if (type === 'extraction' && targetAttribute === null) {
      fail(`labeling_tasks_data[${i}].attribute_id`, 'an extraction task needs a target attribute');
    }
    taskIndex.set(t.id, i);
    return { id: t.id, name: t.name, type, targetAttribute, labels: [] };
  });
  const labelTask = new Map<string, string>();
  raw.labeling_task_labels_data.forEach((l, i) => {
    const ti =
      taskIndex.get(l.labeling_task_id) ??
      fail(
        `labeling_task_labels_data[${i}].labeling_task_id`,
        `unknown task ${l.labeling_task_id}`,
      );
    const label = {
      id: l.id,
      name: l.name,
      ...(l.color !== null ? { color: l.color } : {}),
      ...(l.hotkey !== null ? { hotkey: l.hotkey } : {}),
    };
    (tasks[ti]!.labels as (typeof label)[]).push(label);
    labelTask.set(l.id, l.labeling_task_id);
  });
  const taskById = new Map(tasks.map((t) => [t.id, t]));

  // extraction spans from per-token rows
  const tokenRows = new Map<string, number[]>();
  const beginRows = new Map<string, number[]>();
  const tokenRowIndex = new Map<string, number>();
  raw.record_label_association_tokens_data.forEach((t, i) => {
    const list = tokenRows.get(t.record_label_association_id) ?? [];
    list.push(t.token_index);
    tokenRows.set(t.record_label_association_id, list);
    if (t.is_beginning_token === true) {
      const b = beginRows.get(t.record_label_association_id) ?? [];
      b.push(t.token_index);
      beginRows.set(t.record_label_association_id, b);
    }
    if (!tokenRowIndex.has(t.record_label_association_id))
      tokenRowIndex.set(t.record_label_association_id, i);
  });
  const spanFor = (associationId: string): TokenSpan | undefined => {
    const idx = tokenRows.get(associationId);
    if (idx === undefined) return undefined;
    const sorted = [...new Set(idx)].sort((a, b) => a - b);
    const start = sorted[0]!;
    const end = sorted[sorted.length - 1]! + 1;
    const where = `record_label_association_tokens_data[${tokenRowIndex.get(associationId)}]`;
    if (end - start !== sorted.length)
      fail(
        where,
        `token indices of association ${associationId} are not contiguous: ${sorted.join(',')}`,
      );
    const begins = beginRows.get(associationId) ?? [];
    if (begins.length > 0 && (begins.length !== 1 || begins[0] !== start)) {
      fail(
        where,
        `association ${associationId} has is_beginning_token on ${begins.join(',')} but starts at ${start}`,
      );
    }
    return { startToken: start, endToken: end };
  };

  const heuristicIds = new Set(raw.information_sources_data.map((s) => s.id));
  const wsRunIds = new Set(raw.weak_supervision_task_data.map((w) => w.id));
  const userIds = new Set<string>();
  const seenAssociations = new Set<string>();
  const associations: SnapshotAssociation[] = raw.record_label_associations_data.map((a, i) => {
    const at = `record_label_associations_data[${i}]`;
    const taskId =
      labelTask.get(a.labeling_task_label_id) ??
      fail(`${at}.labeling_task_label_id`, `unknown label ${a.labeling_task_label_id}`);
    if (!recordIds.has(a.record_id)) fail(`${at}.record_id`, `unknown record ${a.record_id}`);
    const source =
      SOURCES[a.source_type] ??
      fail(`${at}.source_type`, `unsupported source type ${a.source_type}`);
    if (source === 'HEURISTIC' && (a.source_id === null || !heuristicIds.has(a.source_id))) {
      fail(`${at}.source_id`, `unknown information source ${a.source_id}`);
    }
    seenAssociations.add(a.id);
    const span = spanFor(a.id);
    const task = taskById.get(taskId)!;
    if (span !== undefined && task.type !== 'extraction')
      fail(`${at}.id`, `token rows for a ${task.type} label`);
    if (a.created_by !== null) userIds.add(a.created_by);
    return {
      id: a.id,
      recordId: a.record_id,
      taskId,
      labelId: a.labeling_task_label_id,
      source,
      ...(a.source_id !== null && source === 'HEURISTIC' ? { sourceId: a.source_id } : {}),
      ...(a.created_by !== null ? { userId: a.created_by } : {}),
      isGold: a.is_gold_star === true,
      ...(a.is_valid_manual_label !== null ? { isValidManualLabel: a.is_valid_manual_label } : {}),
      ...(a.confidence !== null ? { confidence: a.confidence } : {}),
      ...(a.weak_supervision_id !== null && wsRunIds.has(a.weak_supervision_id)
        ? { weakSupervisionRunId: a.weak_supervision_id }
        : {}),
      ...(a.created_at !== null ? { createdAt: a.created_at } : {}),
      ...(span !== undefined ? { span } : {}),
    };
  });
  for (const [assocId, row] of tokenRowIndex) {
    if (!seenAssociations.has(assocId))
      fail(
        `record_label_association_tokens_data[${row}].record_label_association_id`,
        `unknown association ${assocId}`,
      );
  }

  // heuristics
  const runsBySource = Map.groupBy(raw.information_source_payloads_data, (p) => p.source_id);
  const statsBySource = Map.groupBy(raw.information_source_statistics_data, (s) => s.source_id);
  const heuristics = raw.information_sources_data.map((s, i) => {
    if (!taskById.has(s.labeling_task_id))
      fail(`information_sources_data[${i}].labeling_task_id`, `unknown task ${s.labeling_task_id}`);
    return {
      id: s.id,
      name: s.name,
      description: s.description ?? '',
      type: s.type,
      code: s.source_code ?? '',
      taskId: s.labeling_task_id,
      isSelected: s.is_selected === true,
      version: s.version,
      createdAt: s.created_at,
      runs: (runsBySource.get(s.id) ?? [])
        .map((p) => ({
          id: p.id,
          iteration: p.iteration,
          state: p.state,
          createdAt: p.created_at,
          finishedAt: p.finished_at,
          logs: p.logs,
        }))
        .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0)),
      statistics: (statsBySource.get(s.id) ?? []).map((st) => ({
        labelId: st.labeling_task_label_id,
        truePositives: st.true_positives,
        falsePositives: st.false_positives,
        falseNegatives: st.false_negatives,
        recordCoverage: st.record_coverage,
        totalHits: st.total_hits,
        conflicts: st.source_conflicts,
        overlaps: st.source_overlaps,
      })),
    };
  });

  // lookup lists
  const kbIds = new Set(raw.knowledge_bases_data.map((k) => k.id));
  raw.terms_data.forEach((t, i) => {
    if (!kbIds.has(t.knowledge_base_id))
      fail(`terms_data[${i}].knowledge_base_id`, `unknown knowledge base ${t.knowledge_base_id}`);
  });
  const termsByKb = Map.groupBy(raw.terms_data, (t) => t.knowledge_base_id);
  const lookupLists = raw.knowledge_bases_data.map((k) => ({
    id: k.id,
    name: k.name,
    description: k.description ?? '',
    terms: (termsByKb.get(k.id) ?? []).map((t) => ({
      value: t.value,
      blacklisted: t.blacklisted === true,
      ...(t.comment !== null ? { comment: t.comment } : {}),
    })),
  }));

  // slices
  const membersBySlice = Map.groupBy(
    raw.data_slice_record_association_data,
    (m) => m.data_slice_id,
  );
  const slices = raw.data_slice_data.map((s) => {
    if (s.created_by !== null) userIds.add(s.created_by);
    return {
      id: s.id,
      name: s.name,
      type: s.slice_type,
      isStatic: s.static === true,
      count: s.count,
      filter: s.filter_data ?? null,
      recordIds: (membersBySlice.get(s.id) ?? []).map((m) => m.record_id),
      createdAt: s.created_at,
      createdBy: s.created_by,
    };
  });

  // embeddings
  const attributeNames = raw.attributes_data.map((a) => a.name);
  const tensorsByEmbedding = Map.groupBy(raw.embedding_tensors_data, (t) => t.embedding_id);
  const embeddingIds = new Set(raw.embeddings_data.map((e) => e.id));
  raw.embedding_tensors_data.forEach((t, i) => {
    if (!embeddingIds.has(t.embedding_id))
      fail(`embedding_tensors_data[${i}].embedding_id`, `unknown embedding ${t.embedding_id}`);
  });
  const embeddings: SnapshotEmbedding[] = raw.embeddings_data.map((e) => {
    const tensors = tensorsByEmbedding.get(e.id) ?? [];
    const dims = new Set(tensors.map((t) => t.data.length));
    if (dims.size > 1) {
      const bad = raw.embedding_tensors_data.findIndex(
        (t) => t.embedding_id === e.id && t.data.length !== tensors[0]!.data.length,
      );
      fail(
        `embedding_tensors_data[${bad}].data`,
        `vector length differs within embedding ${e.name}`,
      );
    }
    const vectors: EmbeddingVector[] | undefined =
      options.includeVectors === false || tensors.length === 0
        ? undefined
        : tensors.map((t) => ({ recordId: t.record_id, vector: Float32Array.from(t.data) }));
    return {
      id: e.id,
      name: e.name,
      ...embeddingNameParts(e.name, attributeNames),
      type: e.type,
      custom: e.custom === true,
      dimension: tensors[0]?.data.length ?? null,
      ...(vectors !== undefined ? { vectors } : {}),
    };
  });

  const weakSupervisionRuns = raw.weak_supervision_task_data.map((w) => {
    if (w.created_by !== null) userIds.add(w.created_by);
    return {
      id: w.id,
      state: w.state,
      createdAt: w.created_at,
      finishedAt: w.finished_at,
      createdBy: w.created_by,
      heuristicNames: splitList(w.selected_information_sources),
      taskNames: splitList(w.selected_labeling_tasks),
      distinctRecords: w.distinct_records,
      resultCount: w.result_count,
    };
  });

  const p = raw.project_details_data;
  return {
    project: {
      id: p.id,
      name: p.name,
      description: p.description ?? '',
      tokenizer: p.tokenizer,
      status: p.status,
    },
    attributes: raw.attributes_data
      .map((a, i) => ({
        id: a.id,
        name: a.name,
        dataType: a.data_type,
        isPrimaryKey: a.is_primary_key === true,
        position: a.relative_position ?? i + 1,
      }))
      .sort((a, b) => a.position - b.position),
    records: raw.records_data.map((r) => ({ id: r.id, category: r.category, data: r.data })),
    tasks,
    associations,
    heuristics,
    lookupLists,
    slices,
    comments: [],
    embeddings,
    weakSupervisionRuns,
    userIds: [...userIds].sort(),
    tokenization: {
      tokenizer: p.tokenizer,
      tokenStatisticsRows: raw.record_attribute_token_statistics_data.length,
    },
  };
}

/** Validate and normalize an already-parsed export object. */
export function normalizeRefinerySnapshot(
  json: unknown,
  options: ParseOptions = {},
): RefinerySnapshot {
  return normalize(validate(json), options);
}

/**
 * Parse a refinery project snapshot: a zip holding one project_export_*.json, or the raw JSON
 * bytes. Throws RefinerySnapshotError naming the JSON path of the first problems found.
 */
export function parseRefinerySnapshot(
  input: Uint8Array,
  options: ParseOptions = {},
): RefinerySnapshot {
  const text = extractSnapshotJson(input);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('(json)', `not valid JSON: ${(e as Error).message}`);
  }
  return normalizeRefinerySnapshot(json, options);
}
