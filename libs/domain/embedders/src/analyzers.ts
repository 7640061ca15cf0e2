import { tokenize } from '@refinery/tokenize';

/** How a text becomes terms: word n-grams (spaCy-compatible tokens) or character n-grams. */
export interface AnalyzerSpec {
  readonly kind: 'word' | 'char';
  /** inclusive [min, max] n-gram lengths */
  readonly ngramRange: readonly [number, number];
}

const WORDISH = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s+/gu;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Lower-cased word tokens that contain a letter or digit (punctuation-only tokens carry little
 * meaning in a bag of words; scikit-learn's default token pattern drops them too), joined into
 * n-grams with a space.
 */
export function wordTerms(text: string, ngramRange: readonly [number, number]): string[] {
  const words: string[] = [];
  for (const t of tokenize(text)) if (WORDISH.test(t.text)) words.push(t.text.toLowerCase());
  return ngrams(words, ngramRange, ' ');
}

/**
 * Character n-grams of the lower-cased text with whitespace runs collapsed to one space
 * (scikit-learn's `analyzer="char"`, which refinery's bag-of-characters used with n = 1).
 * Counted in code points, so an emoji is one character.
 */
export function charTerms(text: string, ngramRange: readonly [number, number]): string[] {
  const s = text.toLowerCase().replace(WHITESPACE, ' ').trim();
  if (!SURROGATE.test(s)) {
    // one code unit per character: substrings, no per-character arrays
    const out: string[] = [];
    for (let n = ngramRange[0]; n <= ngramRange[1]; n++)
      for (let i = 0; i + n <= s.length; i++) out.push(s.substring(i, i + n));
    return out;
  }
  return ngrams(Array.from(s), ngramRange, '');
}

function ngrams(
  units: readonly string[],
  [min, max]: readonly [number, number],
  sep: string,
): string[] {
  if (min === 1 && max === 1) return [...units];
  const out: string[] = [];
  for (let n = min; n <= max; n++)
    for (let i = 0; i + n <= units.length; i++) out.push(units.slice(i, i + n).join(sep));
  return out;
}

export function analyze(spec: AnalyzerSpec, text: string): string[] {
  return spec.kind === 'word' ? wordTerms(text, spec.ngramRange) : charTerms(text, spec.ngramRange);
}
