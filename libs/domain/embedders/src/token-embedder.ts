import { type Token, tokenize } from '@refinery/tokenize';
import { invalidOption } from './embedder-error.js';

/** Model name of the built-in token-level (extraction) embedder. */
export const TOKEN_HASHING_MODEL = 'token-hashing';

export interface TokenEmbedderOptions {
  /** vector size; default 128 (hashing collides more in fewer dimensions) */
  readonly dims?: number;
  /** character n-gram length of the sub-word features; default 3 */
  readonly charNgram?: number;
  /** neighbouring tokens on each side that contribute; default 2 */
  readonly window?: number;
}

export const TOKEN_EMBEDDER_DEFAULTS = { dims: 128, charNgram: 3, window: 2 } as const;

/** One text's tokens (spaCy-compatible, with character offsets) and their vectors. */
export interface TokenVectors {
  readonly tokens: readonly Token[];
  readonly dims: number;
  /** tokens × dims, row-major, each row L2-normalised */
  readonly matrix: Float32Array;
}

/**
 * Stateless token embeddings by feature hashing (no fitting, so new records embed
 * independently). Each token's vector sums signed hashed features:
 * - the lower-cased token (weight 1),
 * - its character n-grams with boundary marks, `<wo`, `wor`, `ord`, `rd>` (weight 1 spread
 *   over the n-grams: unseen word forms still land near their relatives),
 * - its shape, `Xxxx`, `dd`, `x.x` (weight 0.5: capitalisation and digits mark entities),
 * - the lower-cased tokens up to `window` positions left and right, position-tagged, weight
 *   0.5 / distance (`<s>`/`</s>` beyond the text),
 * then is L2-normalised. The sign bit of the hash decorrelates collisions (Weinberger et al. 2009).
 */
export function embedTokens(text: string, options: TokenEmbedderOptions = {}): TokenVectors {
  const dims = options.dims ?? TOKEN_EMBEDDER_DEFAULTS.dims;
  const n = options.charNgram ?? TOKEN_EMBEDDER_DEFAULTS.charNgram;
  const window = options.window ?? TOKEN_EMBEDDER_DEFAULTS.window;
  if (!Number.isInteger(dims) || dims < 2 || dims > 4096)
    throw invalidOption('dims', `must be an integer in [2, 4096], got ${dims}`);
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw invalidOption('charNgram', `must be an integer in [1, 8], got ${n}`);
  if (!Number.isInteger(window) || window < 0 || window > 8)
    throw invalidOption('window', `must be an integer in [0, 8], got ${window}`);
  const tokens = tokenize(text);
  const lower = tokens.map((t) => t.text.toLowerCase());
  const matrix = new Float32Array(tokens.length * dims);
  const row = new Float64Array(dims);
  const add = (feature: string, weight: number): void => {
    const h = fnv1a(feature);
    row[(h & 0x7fffffff) % dims]! += h & 0x80000000 ? -weight : weight;
  };
  tokens.forEach((_, i) => {
    row.fill(0);
    const word = lower[i]!;
    add(`w:${word}`, 1);
    const chars = Array.from(`<${word}>`);
    const grams = Math.max(1, chars.length - n + 1);
    for (let s = 0; s < grams; s++) add(`c:${chars.slice(s, s + n).join('')}`, 1 / grams);
    add(`s:${shape(tokens[i]!.text)}`, 0.5);
    for (let dist = 1; dist <= window; dist++) {
      add(`l${dist}:${i - dist >= 0 ? lower[i - dist] : '<s>'}`, 0.5 / dist);
      add(`r${dist}:${i + dist < tokens.length ? lower[i + dist] : '</s>'}`, 0.5 / dist);
    }
    let sq = 0;
    for (let c = 0; c < dims; c++) sq += row[c]! * row[c]!;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let c = 0; c < dims; c++) matrix[i * dims + c] = row[c]! * inv;
  });
  return { tokens, dims, matrix };
}

/** Word shape, runs of one class cut at 4: `McDonald` -> `XxXxxxx`, `2024` -> `dddd`, `U.S.` -> `X.X.`. */
export function shape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const s = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    run = s === last ? run + 1 : 1;
    last = s;
    if (run <= 4) out += s;
  }
  return out;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
