import { resolvePrecisionPrior } from './statistics.js';

/** A token span [start, end] (inclusive token indices) labelled `label` on `record`. */
export interface Span {
  readonly record: number;
  readonly label: number;
  readonly start: number;
  readonly end: number;
  readonly confidence?: number;
}

/** A heuristic's span. */
export interface HeuristicSpan extends Span {
  readonly heuristic: number;
}

export interface ExtractionReference {
  /** Records that were manually annotated (a record without spans counts as annotated-empty). */
  readonly annotatedRecords: ReadonlySet<number>;
  readonly spans: readonly Span[];
}

export interface ExtractionStatistics {
  readonly heuristic: number;
  readonly label: number;
  /** Records with at least one span of this label. */
  readonly coverage: number;
  /** Spans of this label. */
  readonly hits: number;
  /** Spans sharing ≥ 1 token with a span of another heuristic (any label). */
  readonly overlaps: number;
  /** Spans sharing ≥ 1 token with a span of another heuristic with a different label (≤ overlaps). */
  readonly conflicts: number;
  /** Token-level counts on annotated records (excluded records removed). */
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly support: number;
  readonly precision: number | null;
  readonly estimatedPrecision: number;
  readonly recall: number | null;
}

function checkSpan(s: Span): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end < s.start)
    throw new RangeError(`invalid span [${s.start}, ${s.end}]`);
}

function tokenKey(record: number, label: number, token: number): string {
  return `${record}:${label}:${token}`;
}

/**
 * Statistics per heuristic and label for extraction, all exact (no sampling, so sources with few
 * spans are handled like large ones). Precision and recall are token level against the reference
 * spans of annotated records; `excludeFromSupport[h]` removes records from h's support.
 */
export function extractionStatistics(
  spans: readonly HeuristicSpan[],
  options: {
    readonly reference?: ExtractionReference;
    readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
    readonly precisionPriorStrength?: number;
  } = {},
): ExtractionStatistics[] {
  spans.forEach(checkSpan);
  const byRecord = new Map<number, HeuristicSpan[]>();
  for (const s of spans) {
    let list = byRecord.get(s.record);
    if (!list) byRecord.set(s.record, (list = []));
    list.push(s);
  }
  const refTokens = new Set<string>();
  const refTokensPerRecordLabel = new Map<string, number>();
  for (const s of options.reference?.spans ?? []) {
    checkSpan(s);
    for (let t = s.start; t <= s.end; t++) {
      const key = tokenKey(s.record, s.label, t);
      if (refTokens.has(key)) continue;
      refTokens.add(key);
      const rl = `${s.record}:${s.label}`;
      refTokensPerRecordLabel.set(rl, (refTokensPerRecordLabel.get(rl) ?? 0) + 1);
    }
  }
  const annotated = options.reference?.annotatedRecords ?? new Set<number>();
  interface Acc {
    records: Set<number>;
    hits: number;
    overlaps: number;
    conflicts: number;
    tokens: Set<string>;
  }
  const acc = new Map<string, Acc & { heuristic: number; label: number }>();
  const get = (h: number, l: number): Acc => {
    const key = `${h}:${l}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { heuristic: h, label: l, records: new Set(), hits: 0, overlaps: 0, conflicts: 0, tokens: new Set() }));
    return a;
  };
  for (const [record, list] of byRecord) {
    for (const s of list) {
      const a = get(s.heuristic, s.label);
      a.records.add(record);
      a.hits++;
      let overlap = false;
      let conflict = false;
      for (const o of list) {
        if (o.heuristic === s.heuristic || o.end < s.start || o.start > s.end) continue;
        overlap = true;
        if (o.label !== s.label) conflict = true;
      }
      if (overlap) a.overlaps++;
      if (conflict) a.conflicts++;
      if (annotated.has(record) && !options.excludeFromSupport?.[s.heuristic]?.has(record))
        for (let t = s.start; t <= s.end; t++) a.tokens.add(tokenKey(record, s.label, t));
    }
  }
  const rows = [...acc.values()].map((a) => {
    let tp = 0;
    for (const key of a.tokens) if (refTokens.has(key)) tp++;
    const fp = a.tokens.size - tp;
    let refTotal = 0;
    for (const r of annotated) {
      if (options.excludeFromSupport?.[a.heuristic]?.has(r)) continue;
      refTotal += refTokensPerRecordLabel.get(`${r}:${a.label}`) ?? 0;
    }
    return { a, tp, fp, fn: refTotal - tp, refTotal };
  });
  const pp = resolvePrecisionPrior(
    rows.reduce((s, r) => s + r.tp, 0),
    rows.reduce((s, r) => s + r.tp + r.fp, 0),
    { strength: options.precisionPriorStrength ?? 2 },
  );
  return rows
    .map(({ a, tp, fp, fn, refTotal }) => ({
      heuristic: a.heuristic,
      label: a.label,
      coverage: a.records.size,
      hits: a.hits,
      overlaps: a.overlaps,
      conflicts: a.conflicts,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      support: tp + fp,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      estimatedPrecision: (tp + pp.strength * pp.mean) / (tp + fp + pp.strength),
      recall: refTotal > 0 ? tp / refTotal : null,
    }))
    .sort((x, y) => x.heuristic - y.heuristic || x.label - y.label);
}

export interface AggregatedSpan extends Span {
  readonly confidence: number;
}

/**
 * Token-level aggregation of heuristic spans with non-maximum suppression:
 * 1. precision a_hℓ per heuristic and label = token-level Beta-posterior precision (statistics above);
 * 2. per record and label, overlapping spans merge into chunks (union of their tokens);
 * 3. chunk confidence = noisy-or 1 − Π(1 − a_hℓ·confidence) over the heuristics contributing to it;
 * 4. NMS: chunks sorted by confidence; a chunk is kept unless it shares a token with a kept chunk;
 *    chunks below `minConfidence` are dropped.
 * Works for any number of spans per source (no sampling).
 */
export function aggregateExtraction(
  spans: readonly HeuristicSpan[],
  options: {
    readonly reference?: ExtractionReference;
    readonly minConfidence?: number;
    readonly precisionPriorStrength?: number;
    /** Per heuristic, records removed from its precision support (an active learner's training records). */
    readonly excludeFromSupport?: ReadonlyArray<ReadonlySet<number> | undefined>;
  } = {},
): AggregatedSpan[] {
  const stats = extractionStatistics(spans, options);
  const precision = new Map(stats.map((s) => [`${s.heuristic}:${s.label}`, s.estimatedPrecision]));
  const groups = new Map<string, HeuristicSpan[]>();
  for (const s of spans) {
    const key = `${s.record}:${s.label}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(s);
  }
  const chunksByRecord = new Map<number, AggregatedSpan[]>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let i = 0;
    while (i < list.length) {
      const first = list[i]!;
      let end = first.end;
      const best = new Map<number, number>(); // heuristic -> max precision·confidence in the chunk
      let j = i;
      for (; j < list.length && list[j]!.start <= end; j++) {
        const s = list[j]!;
        end = Math.max(end, s.end);
        const q = (precision.get(`${s.heuristic}:${s.label}`) ?? 0) * (s.confidence ?? 1);
        best.set(s.heuristic, Math.max(best.get(s.heuristic) ?? 0, q));
      }
      let miss = 1;
      for (const q of best.values()) miss *= 1 - q;
      const chunk: AggregatedSpan = { record: first.record, label: first.label, start: first.start, end, confidence: 1 - miss };
      let rc = chunksByRecord.get(first.record);
      if (!rc) chunksByRecord.set(first.record, (rc = []));
      rc.push(chunk);
      i = j;
    }
  }
  const min = options.minConfidence ?? 0;
  const out: AggregatedSpan[] = [];
  for (const chunks of chunksByRecord.values()) {
    chunks.sort((a, b) => b.confidence - a.confidence || a.start - b.start || a.label - b.label);
    const kept: AggregatedSpan[] = [];
    for (const c of chunks) {
      if (c.confidence < min) continue;
      if (kept.some((k) => k.start <= c.end && c.start <= k.end)) continue;
      kept.push(c);
    }
    out.push(...kept);
  }
  return out.sort((a, b) => a.record - b.record || a.start - b.start);
}
