import { spacyIndexedTokens, tokenize, type Token } from '@refinery/tokenize';
import type { RefinerySnapshot, SnapshotAssociation } from './types.js';

export interface CharRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Character range of refinery token span [startToken, endTokenExclusive) in `text`.
 * refinery stores spaCy token indices, which count spaCy's whitespace tokens (from double
 * spaces, newlines); `tokens` must be `tokenize(text)` from `@refinery/tokenize` (spaCy-compatible).
 * Returns null when the range is empty or runs past the text's tokens.
 */
export function spanToCharRange(
  text: string,
  tokens: readonly Token[],
  startToken: number,
  endTokenExclusive: number,
): CharRange | null {
  if (!(endTokenExclusive > startToken) || startToken < 0) return null;
  const sp = spacyIndexedTokens(text, tokens);
  const first = sp[startToken];
  const last = sp[endTokenExclusive - 1];
  if (first === undefined || last === undefined) return null;
  return { start: first.start, end: last.end };
}

export interface ResolvedSpan {
  readonly associationId: string;
  readonly recordId: string;
  readonly taskId: string;
  readonly labelId: string;
  readonly labelName: string;
  readonly attribute: string;
  readonly source: SnapshotAssociation['source'];
  readonly startToken: number;
  readonly endToken: number;
  /** null when the token range does not fit our tokenization of the text */
  readonly charRange: CharRange | null;
  readonly text: string | null;
  /** true if the span starts or ends on a spaCy whitespace token (a sign of misalignment) */
  readonly touchesWhitespace: boolean;
}

/** Resolve every extraction association of the snapshot to a character range in its attribute text. */
export function resolveSpans(snapshot: RefinerySnapshot): ResolvedSpan[] {
  const records = new Map(snapshot.records.map((r) => [r.id, r]));
  const tasks = new Map(snapshot.tasks.map((t) => [t.id, t]));
  const tokenCache = new Map<string, { text: string; tokens: Token[] }>();
  const out: ResolvedSpan[] = [];
  for (const a of snapshot.associations) {
    if (a.span === undefined) continue;
    const task = tasks.get(a.taskId);
    const record = records.get(a.recordId);
    if (task?.targetAttribute == null || record === undefined) continue;
    const raw = record.data[task.targetAttribute];
    const text = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
    const key = `${a.recordId}\u0000${task.targetAttribute}`;
    let cached = tokenCache.get(key);
    if (cached === undefined) {
      cached = { text, tokens: tokenize(text) };
      tokenCache.set(key, cached);
    }
    const sp = spacyIndexedTokens(text, cached.tokens);
    const charRange = spanToCharRange(text, cached.tokens, a.span.startToken, a.span.endToken);
    const first = sp[a.span.startToken];
    const last = sp[a.span.endToken - 1];
    out.push({
      associationId: a.id,
      recordId: a.recordId,
      taskId: a.taskId,
      labelId: a.labelId,
      labelName: task.labels.find((l) => l.id === a.labelId)?.name ?? a.labelId,
      attribute: task.targetAttribute,
      source: a.source,
      startToken: a.span.startToken,
      endToken: a.span.endToken,
      charRange,
      text: charRange === null ? null : text.slice(charRange.start, charRange.end),
      touchesWhitespace: first?.isSpace === true || last?.isSpace === true,
    });
  }
  return out;
}

export interface SpanAlignmentReport {
  readonly spans: number;
  /** spans whose token range lies inside our (spaCy-indexed) tokenization of the text */
  readonly inRange: number;
  /** spans in range that neither start nor end on a whitespace token */
  readonly clean: number;
  /** clean / spans (1 when there are no spans) */
  readonly rate: number;
}

/**
 * How well refinery's stored spaCy token indices fit our tokenizer on this snapshot. The export
 * carries no spaCy tokens, so this checks fit (range inside the text, no span on whitespace), not
 * identity; identity was checked offline against spaCy (see README).
 */
export function spanAlignmentReport(snapshot: RefinerySnapshot): SpanAlignmentReport {
  const spans = resolveSpans(snapshot);
  const inRange = spans.filter((s) => s.charRange !== null).length;
  const clean = spans.filter((s) => s.charRange !== null && !s.touchesWhitespace).length;
  return {
    spans: spans.length,
    inRange,
    clean,
    rate: spans.length === 0 ? 1 : clean / spans.length,
  };
}
