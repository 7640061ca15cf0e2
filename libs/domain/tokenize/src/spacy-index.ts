import type { Token } from './tokenize.js';
import { isSpaceCode } from './tokenize.js';

/** A token in spaCy's index space: our tokens plus spaCy's whitespace tokens. */
export interface SpacyIndexedToken {
  readonly start: number;
  readonly end: number;
  /** true for a whitespace token that spaCy emits and `tokenize` does not */
  readonly isSpace: boolean;
  /** index into our token list, or -1 for a whitespace token */
  readonly tokenIndex: number;
}

function isAllSpace(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpaceCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * spaCy keeps one plain space after a token as "trailing whitespace" and emits any further
 * whitespace as a token of its own ("a  b" -> a, " ", b; "a\nb" -> a, "\n", b; leading
 * whitespace is always a token). Refinery's stored token indices count those tokens, so this
 * interleaves them with `tokens` to give the token list in spaCy's index space.
 * `tokens` must be `tokenize(text)` (whitespace-free, sorted, covering all non-space text).
 */
export function spacyIndexedTokens(text: string, tokens: readonly Token[]): SpacyIndexedToken[] {
  const out: SpacyIndexedToken[] = [];
  let prevEnd = 0;
  const gap = (from: number, to: number, leading: boolean): void => {
    if (to <= from) return;
    if (!isAllSpace(text, from, to)) throw new Error(`tokens do not cover text[${from}, ${to})`);
    const s = !leading && text.charCodeAt(from) === 0x20 ? from + 1 : from;
    if (to > s) out.push({ start: s, end: to, isSpace: true, tokenIndex: -1 });
  };
  tokens.forEach((t, i) => {
    gap(prevEnd, t.start, i === 0);
    out.push({ start: t.start, end: t.end, isSpace: false, tokenIndex: i });
    prevEnd = t.end;
  });
  gap(prevEnd, text.length, tokens.length === 0);
  return out;
}

/**
 * Convert a token range in spaCy's index space [startToken, endTokenExclusive) (as stored by
 * refinery) to a character range of `text`. Returns null if the range is empty or out of bounds.
 */
export function spacyRangeToCharRange(
  text: string,
  tokens: readonly Token[],
  startToken: number,
  endTokenExclusive: number,
): { start: number; end: number } | null {
  const sp = spacyIndexedTokens(text, tokens);
  const first = sp[startToken];
  const last = sp[endTokenExclusive - 1];
  if (
    first === undefined ||
    last === undefined ||
    endTokenExclusive <= startToken ||
    startToken < 0
  )
    return null;
  return { start: first.start, end: last.end };
}
