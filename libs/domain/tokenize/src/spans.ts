import type { Token } from './tokenize.js';

export interface CharSpan {
  /** inclusive */
  readonly start: number;
  /** exclusive */
  readonly end: number;
}

export interface LabeledSpan extends CharSpan {
  readonly label: string;
}

/** A token overlaps [start, end) when it shares at least one character with it. */
function overlaps(t: Token, start: number, end: number): boolean {
  return t.start < end && t.end > start;
}

/** index of the first token whose end is > offset (binary search; tokens are sorted) */
function firstEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Token range [first, lastExclusive) of the tokens that overlap the character range
 * [start, end). Returns null when no token overlaps (empty range, only whitespace, out of text).
 */
export function tokenIndexRange(
  tokens: readonly Token[],
  start: number,
  end: number,
): [number, number] | null {
  if (!(end > start)) return null;
  const first = firstEndingAfter(tokens, start);
  const t = tokens[first];
  if (t === undefined || !overlaps(t, start, end)) return null;
  let last = first + 1;
  while (last < tokens.length && tokens[last]!.start < end) last++;
  return [first, last];
}

/**
 * Snap a character span outward to token boundaries: the result starts at the first overlapping
 * token's start and ends at the last overlapping token's end. Null if it covers no token.
 */
export function snapSpan(tokens: readonly Token[], start: number, end: number): CharSpan | null {
  const range = tokenIndexRange(tokens, start, end);
  if (range === null) return null;
  return charRangeFromTokens(tokens, range[0], range[1]);
}

/**
 * Character range covered by tokens [startToken, endTokenExclusive).
 * Throws RangeError on an empty or out-of-bounds token range.
 */
export function charRangeFromTokens(
  tokens: readonly Token[],
  startToken: number,
  endTokenExclusive: number,
): CharSpan {
  const first = tokens[startToken];
  const last = tokens[endTokenExclusive - 1];
  if (
    !Number.isInteger(startToken) ||
    !Number.isInteger(endTokenExclusive) ||
    endTokenExclusive <= startToken ||
    first === undefined ||
    last === undefined ||
    startToken < 0
  ) {
    throw new RangeError(
      `invalid token range [${startToken}, ${endTokenExclusive}) for ${tokens.length} tokens`,
    );
  }
  return { start: first.start, end: last.end };
}

export type BioTag = 'O' | `B-${string}` | `I-${string}`;

/**
 * BIO tag per token. Each span is mapped to the tokens it overlaps. Overlapping spans are
 * resolved deterministically: the span covering more tokens wins, then the one starting
 * earlier, then the longer character span, then the label in code-unit order; a losing span
 * is dropped entirely (never partially tagged), so every tagged run is a whole span.
 */
export function bioTags(tokens: readonly Token[], spans: readonly LabeledSpan[]): BioTag[] {
  const tags: BioTag[] = tokens.map(() => 'O');
  const ranged = spans
    .map((s, order) => ({ s, order, r: tokenIndexRange(tokens, s.start, s.end) }))
    .filter((x): x is { s: LabeledSpan; order: number; r: [number, number] } => x.r !== null);
  ranged.sort((a, b) => {
    const la = a.r[1] - a.r[0];
    const lb = b.r[1] - b.r[0];
    if (la !== lb) return lb - la;
    if (a.r[0] !== b.r[0]) return a.r[0] - b.r[0];
    const ca = a.s.end - a.s.start;
    const cb = b.s.end - b.s.start;
    if (ca !== cb) return cb - ca;
    if (a.s.label !== b.s.label) return a.s.label < b.s.label ? -1 : 1;
    return a.order - b.order;
  });
  const taken = new Uint8Array(tokens.length);
  for (const { s, r } of ranged) {
    let free = true;
    for (let i = r[0]; i < r[1]; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = r[0]; i < r[1]; i++) {
      taken[i] = 1;
      tags[i] = i === r[0] ? `B-${s.label}` : `I-${s.label}`;
    }
  }
  return tags;
}
