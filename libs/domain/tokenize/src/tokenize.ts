import { INFIX_KEEP_HYPHENS_RE, INFIX_RE, PREFIX_RE, SUFFIX_RE, URL_RE } from './rules.js';
import { SPACY_EN_EXCEPTIONS } from './spacy-en-exceptions.js';

/** One word or punctuation token. Offsets are UTF-16 code-unit offsets into the text (JS string indices). */
export interface Token {
  /** position in the token list (0-based) */
  readonly index: number;
  readonly text: string;
  /** inclusive start offset */
  readonly start: number;
  /** exclusive end offset */
  readonly end: number;
}

export interface TokenizeOptions {
  /**
   * spaCy splits a hyphen between letters ("well-known" -> well - known). Set to true to keep
   * such words whole. Default false (spaCy-compatible, so refinery token indices line up).
   */
  readonly keepHyphenated?: boolean;
}

/** special-case table: chunk -> lengths of its pieces */
const SPECIAL_LENGTHS: ReadonlyMap<string, readonly number[]> = new Map(
  SPACY_EN_EXCEPTIONS.map((parts) => [parts.join(''), parts.map((p) => p.length)] as const),
);

const NO_SPECIALS: ReadonlyMap<string, readonly number[]> = new Map();

/** relative [start, end) pairs, flattened, for one whitespace-free chunk */
type Pieces = readonly number[];

const CACHE_LIMIT = 50_000;
const caches = { split: new Map<string, Pieces>(), keep: new Map<string, Pieces>() };

/** Python's `str.isspace()` for one UTF-16 code unit (spaCy splits on exactly these). */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function findPrefix(s: string): number {
  const m = PREFIX_RE.exec(s);
  return m ? m[0].length : 0;
}

function findSuffix(s: string): number {
  const m = SUFFIX_RE.exec(s);
  return m ? m[0].length : 0;
}

function pushSpecial(out: number[], offset: number, lengths: readonly number[]): void {
  let pos = offset;
  for (const len of lengths) {
    out.push(pos, pos + len);
    pos += len;
  }
}

/**
 * Port of spaCy's `Tokenizer._split_affixes` + `_attach_tokens` for one chunk of
 * non-whitespace text. Returns relative piece offsets.
 */
function splitAffixes(chunk: string, infixRe: RegExp, withSpecials: boolean): number[] {
  const SPECIALS = withSpecials ? SPECIAL_LENGTHS : NO_SPECIALS;
  const special = SPECIALS.get(chunk);
  const out: number[] = [];
  if (special) {
    pushSpecial(out, 0, special);
    return out;
  }
  // [start, end) of the remaining core within the chunk
  let lo = 0;
  let hi = chunk.length;
  const prefixes: number[] = []; // pairs
  const suffixes: number[] = []; // pairs, outermost first
  let lastSize = -1;
  while (hi > lo && hi - lo !== lastSize) {
    const s = chunk.slice(lo, hi);
    if (SPECIALS.has(s)) break;
    lastSize = s.length;
    const preLen = findPrefix(s);
    if (preLen !== 0) {
      const minusPre = s.slice(preLen);
      if (minusPre && SPECIALS.has(minusPre)) {
        prefixes.push(lo, lo + preLen);
        lo += preLen;
        break;
      }
    }
    const sufLen = findSuffix(s.slice(preLen));
    if (sufLen !== 0) {
      const minusSuf = s.slice(0, s.length - sufLen);
      if (minusSuf && SPECIALS.has(minusSuf)) {
        suffixes.push(hi - sufLen, hi);
        hi -= sufLen;
        break;
      }
    }
    if (preLen && sufLen && preLen + sufLen <= s.length) {
      prefixes.push(lo, lo + preLen);
      suffixes.push(hi - sufLen, hi);
      lo += preLen;
      hi -= sufLen;
    } else if (preLen) {
      prefixes.push(lo, lo + preLen);
      lo += preLen;
    } else if (sufLen) {
      suffixes.push(hi - sufLen, hi);
      hi -= sufLen;
    }
  }
  out.push(...prefixes);
  if (hi > lo) {
    const core = chunk.slice(lo, hi);
    const sp = SPECIALS.get(core);
    if (sp) {
      pushSpecial(out, lo, sp);
    } else if (URL_RE.test(core)) {
      out.push(lo, hi);
    } else {
      let start = 0;
      infixRe.lastIndex = 0;
      for (const m of core.matchAll(infixRe)) {
        const is = m.index;
        const ie = is + m[0].length;
        if (is === 0) continue;
        if (is !== start) out.push(lo + start, lo + is);
        if (ie !== is) out.push(lo + is, lo + ie);
        start = ie;
      }
      if (start < core.length) out.push(lo + start, hi);
    }
  }
  for (let i = suffixes.length - 2; i >= 0; i -= 2) out.push(suffixes[i]!, suffixes[i + 1]!);
  return out;
}

interface SpecialPattern {
  /** texts of the tokens the special case is split into without special-case handling */
  readonly parts: readonly string[];
  /** lengths of the special case's own pieces */
  readonly lengths: readonly number[];
}

/**
 * spaCy v3 re-applies special cases after affix splitting (its `_special_matcher`): when a run
 * of adjacent tokens spells a special case that itself contains affixes (e.g. ")" ":" -> "):",
 * "'" "'" -> "''"), the run is replaced by that special case. Patterns keyed by first part.
 */
const SPECIAL_PATTERNS: ReadonlyMap<string, readonly SpecialPattern[]> = (() => {
  const byFirst = new Map<string, SpecialPattern[]>();
  for (const [key, lengths] of SPECIAL_LENGTHS) {
    INFIX_RE.lastIndex = 0;
    if (!PREFIX_RE.test(key) && !SUFFIX_RE.test(key) && !INFIX_RE.test(key)) continue;
    const rel = splitAffixes(key, INFIX_RE, false);
    const parts: string[] = [];
    for (let k = 0; k < rel.length; k += 2) parts.push(key.slice(rel[k], rel[k + 1]));
    const first = parts[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ parts, lengths });
    byFirst.set(first, list);
  }
  return byFirst;
})();

function applySpecialMatcher(chunk: string, pieces: number[]): number[] {
  const count = pieces.length / 2;
  const text = (i: number): string => chunk.slice(pieces[2 * i], pieces[2 * i + 1]);
  const matches: { start: number; end: number; lengths: readonly number[] }[] = [];
  for (let i = 0; i < count; i++) {
    const candidates = SPECIAL_PATTERNS.get(text(i));
    if (!candidates) continue;
    for (const c of candidates) {
      const end = i + c.parts.length;
      if (end > count) continue;
      let ok = true;
      for (let k = 1; k < c.parts.length && ok; k++) {
        // adjacent pieces only (a special case never spans whitespace)
        ok = pieces[2 * (i + k)] === pieces[2 * (i + k) - 1] && text(i + k) === c.parts[k];
      }
      if (ok) matches.push({ start: i, end, lengths: c.lengths });
    }
  }
  if (matches.length === 0) return pieces;
  // spaCy's _filter_special_spans: longest first (then later start), skip if start or last token seen
  matches.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  const seen = new Set<number>();
  const chosen: typeof matches = [];
  for (let m = matches.length - 1; m >= 0; m--) {
    const span = matches[m]!;
    if (!seen.has(span.start) && !seen.has(span.end - 1)) chosen.push(span);
    for (let t = span.start; t < span.end; t++) seen.add(t);
  }
  chosen.sort((a, b) => a.start - b.start);
  const out: number[] = [];
  let t = 0;
  for (const span of chosen) {
    for (; t < span.start; t++) out.push(pieces[2 * t]!, pieces[2 * t + 1]!);
    pushSpecial(out, pieces[2 * span.start]!, span.lengths);
    t = span.end;
  }
  for (; t < count; t++) out.push(pieces[2 * t]!, pieces[2 * t + 1]!);
  return out;
}

function splitChunk(chunk: string, infixRe: RegExp): Pieces {
  const pieces = splitAffixes(chunk, infixRe, true);
  return pieces.length > 2 ? applySpecialMatcher(chunk, pieces) : pieces;
}

function piecesFor(chunk: string, keepHyphenated: boolean): Pieces {
  const cache = keepHyphenated ? caches.keep : caches.split;
  let pieces = cache.get(chunk);
  if (pieces === undefined) {
    pieces = splitChunk(chunk, keepHyphenated ? INFIX_KEEP_HYPHENS_RE : INFIX_RE);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(chunk, pieces);
  }
  return pieces;
}

/**
 * Tokenize text into word and punctuation tokens (no whitespace tokens), following spaCy's
 * English tokenizer rules: prefixes/suffixes/infixes, the English special cases
 * (contractions "don't" -> do n't, abbreviations "Mr.", times "5pm" -> 5 pm, emoticons),
 * URLs and e-mail addresses kept whole, decimals ("3.5") kept whole.
 * Deterministic and pure.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const keep = options.keepHyphenated === true;
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // skip whitespace
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i + 1;
    while (j < n && !isSpaceCode(text.charCodeAt(j))) j++;
    const pieces = piecesFor(text.slice(i, j), keep);
    for (let k = 0; k < pieces.length; k += 2) {
      const start = i + pieces[k]!;
      const end = i + pieces[k + 1]!;
      tokens.push({ index: tokens.length, text: text.slice(start, end), start, end });
    }
    i = j;
  }
  return tokens;
}
