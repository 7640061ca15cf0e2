/**
 * Splits a text's tokens into model-sized windows for token-level embeddings. Tokens are never
 * cut between windows, so every token's sub-word pieces see the same context; a single token
 * with more pieces than a window holds keeps only its first `capacity` pieces.
 */
export interface TokenWindow {
  /** first token (index into the text's tokens) in this window */
  readonly firstToken: number;
  /** one past the last token */
  readonly endToken: number;
  /** per token of the window: [start, end) of its pieces within the window's content */
  readonly pieceRanges: readonly (readonly [number, number])[];
  /** number of content pieces (special tokens excluded) */
  readonly length: number;
}

export function planTokenWindows(pieceCounts: readonly number[], capacity: number): TokenWindow[] {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new Error(`window capacity must be a positive integer, got ${capacity}`);
  const windows: TokenWindow[] = [];
  let first = 0;
  let ranges: [number, number][] = [];
  let length = 0;
  const close = (end: number): void => {
    windows.push({ firstToken: first, endToken: end, pieceRanges: ranges, length });
    first = end;
    ranges = [];
    length = 0;
  };
  pieceCounts.forEach((count, token) => {
    const pieces = Math.min(count, capacity);
    if (length + pieces > capacity && ranges.length > 0) close(token);
    ranges.push([length, length + pieces]);
    length += pieces;
  });
  if (ranges.length > 0) close(pieceCounts.length);
  return windows;
}
