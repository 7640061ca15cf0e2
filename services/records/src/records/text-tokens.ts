import type { RecordData, TextTokens } from '@refinery/contracts';
import { snapSpan, tokenize, type CharSpan, type Token } from '@refinery/tokenize';

/** Tokens of one text as flat offset arrays (compact, and FerretDB has no nested arrays). */
export function compactTokens(text: string): TextTokens {
  const tokens = tokenize(text);
  return { starts: tokens.map((t) => t.start), ends: tokens.map((t) => t.end) };
}

/** Tokens of every TEXT attribute of a record that has a string value. */
export function tokenizeRecord(textAttributes: readonly string[], data: RecordData): Record<string, TextTokens> {
  const out: Record<string, TextTokens> = {};
  for (const name of textAttributes) {
    const value = data[name];
    if (typeof value === 'string') out[name] = compactTokens(value);
  }
  return out;
}

/** Back to token objects for the span helpers of @refinery/tokenize. */
export function expandTokens(compact: TextTokens, text: string): Token[] {
  return compact.starts.map((start, index) => {
    const end = compact.ends[index] ?? start;
    return { index, start, end, text: text.slice(start, end) };
  });
}

/** Snaps [start, end) outward to the stored tokens of `text`; null when it covers no token. */
export function snapToTokens(compact: TextTokens, text: string, start: number, end: number): CharSpan | null {
  return snapSpan(expandTokens(compact, text), start, end);
}
