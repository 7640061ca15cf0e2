import { bioTags, charRangeFromTokens, snapSpan, tokenIndexRange } from './spans.js';
import { tokenize } from './tokenize.js';

const text = "Hello, world! Don't panic.";
// tokens: Hello(0,5) ,(5,6) world(7,12) !(12,13) Do(14,16) n't(16,19) panic(20,25) .(25,26)
const tokens = tokenize(text);

describe('tokenIndexRange', () => {
  it('returns the overlapping token range', () => {
    expect(tokenIndexRange(tokens, 0, 5)).toEqual([0, 1]);
    expect(tokenIndexRange(tokens, 2, 9)).toEqual([0, 3]);
    expect(tokenIndexRange(tokens, 14, 19)).toEqual([4, 6]);
    expect(tokenIndexRange(tokens, 0, text.length)).toEqual([0, 8]);
  });
  it('returns null for empty, whitespace-only and out-of-text ranges', () => {
    expect(tokenIndexRange(tokens, 3, 3)).toBeNull();
    expect(tokenIndexRange(tokens, 6, 7)).toBeNull(); // the space after ","
    expect(tokenIndexRange(tokens, 30, 40)).toBeNull();
    expect(tokenIndexRange(tokens, 5, 2)).toBeNull();
    expect(tokenIndexRange([], 0, 3)).toBeNull();
  });
});

describe('snapSpan', () => {
  it('snaps outward to token boundaries', () => {
    expect(snapSpan(tokens, 8, 10)).toEqual({ start: 7, end: 12 }); // inside "world"
    expect(snapSpan(tokens, 3, 8)).toEqual({ start: 0, end: 12 }); // "lo, w" -> "Hello, world"
    expect(snapSpan(tokens, 15, 17)).toEqual({ start: 14, end: 19 }); // across "Do|n't"
  });
  it('keeps exact token spans unchanged and returns null when no token is covered', () => {
    expect(snapSpan(tokens, 20, 25)).toEqual({ start: 20, end: 25 });
    expect(snapSpan(tokens, 13, 14)).toBeNull();
  });
});

describe('charRangeFromTokens', () => {
  it('converts a token range to characters', () => {
    expect(charRangeFromTokens(tokens, 0, 3)).toEqual({ start: 0, end: 12 });
    const r = charRangeFromTokens(tokens, 4, 7);
    expect(text.slice(r.start, r.end)).toBe("Don't panic");
  });
  it('throws on empty or out-of-bounds ranges', () => {
    expect(() => charRangeFromTokens(tokens, 2, 2)).toThrow(RangeError);
    expect(() => charRangeFromTokens(tokens, 7, 9)).toThrow(RangeError);
    expect(() => charRangeFromTokens(tokens, -1, 1)).toThrow(RangeError);
  });
});

describe('bioTags', () => {
  it('tags tokens B-/I-/O', () => {
    expect(bioTags(tokens, [{ start: 0, end: 12, label: 'greet' }])).toEqual([
      'B-greet',
      'I-greet',
      'I-greet',
      'O',
      'O',
      'O',
      'O',
      'O',
    ]);
  });
  it('snaps partial spans to whole tokens and ignores spans covering no token', () => {
    expect(
      bioTags(tokens, [
        { start: 16, end: 18, label: 'neg' },
        { start: 13, end: 14, label: 'ws' },
      ]),
    ).toEqual(['O', 'O', 'O', 'O', 'O', 'B-neg', 'O', 'O']);
  });
  it('resolves overlaps: longer span wins, then the earlier one; losers are dropped whole', () => {
    const tags = bioTags(tokens, [
      { start: 7, end: 13, label: 'short' }, // world ! (2 tokens)
      { start: 0, end: 12, label: 'long' }, // Hello , world (3 tokens)
      { start: 14, end: 19, label: 'b' }, // Do n't
      { start: 16, end: 25, label: 'c' }, // n't panic (same length, later)
    ]);
    expect(tags).toEqual(['B-long', 'I-long', 'I-long', 'O', 'B-b', 'I-b', 'O', 'O']);
    // order of the input does not matter
    const reversed = bioTags(tokens, [
      { start: 16, end: 25, label: 'c' },
      { start: 14, end: 19, label: 'b' },
      { start: 0, end: 12, label: 'long' },
      { start: 7, end: 13, label: 'short' },
    ]);
    expect(reversed).toEqual(tags);
  });
  it('keeps adjacent spans of the same label apart with a new B-', () => {
    expect(
      bioTags(tokens, [
        { start: 14, end: 16, label: 'x' },
        { start: 16, end: 19, label: 'x' },
      ]).slice(4, 6),
    ).toEqual(['B-x', 'B-x']);
  });
});
