import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { tokenize, type Token } from './tokenize.js';
import { spacyIndexedTokens, spacyRangeToCharRange } from './spacy-index.js';

const texts = (tokens: readonly Token[]): string[] => tokens.map((t) => t.text);

/** Expected token texts produced by spaCy 3.8 `spacy.blank("en")` on the same input. */
const SPACY_CASES: [string, string[]][] = [
  ['Hello, world!', ['Hello', ',', 'world', '!']],
  ["I don't know.", ['I', 'do', "n't", 'know', '.']],
  ["It's 3.5 times better.", ['It', "'s", '3.5', 'times', 'better', '.']],
  ["Can't stop, won't stop", ['Ca', "n't", 'stop', ',', 'wo', "n't", 'stop']],
  ['She said "yes" (twice).', ['She', 'said', '"', 'yes', '"', '(', 'twice', ')', '.']],
  [
    'A well-known, state-of-the-art model',
    ['A', 'well', '-', 'known', ',', 'state', '-', 'of', '-', 'the', '-', 'art', 'model'],
  ],
  [
    'Visit https://kern.ai/docs?x=1 or www.example.com today.',
    ['Visit', 'https://kern.ai/docs?x=1', 'or', 'www.example.com', 'today', '.'],
  ],
  ['Mail me at jane.doe@example.org!', ['Mail', 'me', 'at', 'jane.doe@example.org', '!']],
  [
    'Prices rose 3.5% to $1,200.50 in the U.S. on Jan. 5th',
    ['Prices', 'rose', '3.5', '%', 'to', '$', '1,200.50', 'in', 'the', 'U.S.', 'on', 'Jan.', '5th'],
  ],
  ['We meet at 5pm, not 10a.m.', ['We', 'meet', 'at', '5', 'pm', ',', 'not', '10', 'a.m.']],
  ['Wait... what?!', ['Wait', '...', 'what', '?', '!']],
  ['I love it 😀👍', ['I', 'love', 'it', '😀', '👍']],
  ['Mr. Smith vs. Dr. Jones', ['Mr.', 'Smith', 'vs.', 'Dr.', 'Jones']],
  [
    'Tell Us About Yourself(ie): Erica Ash',
    ['Tell', 'Us', 'About', 'Yourself(ie', '):', 'Erica', 'Ash'],
  ],
  ['Yes :) and no :(', ['Yes', ':)', 'and', 'no', ':(']],
  ['#1 hashtag @user', ['#', '1', 'hashtag', '@user']],
  ['10km run in 45min', ['10', 'km', 'run', 'in', '45min']],
  ["O'Brien's book", ["O'Brien", "'s", 'book']],
  ["Y'all gonna love it", ["Y'all", 'gon', 'na', 'love', 'it']],
  ["He said ''offshoring.", ['He', 'said', "''", 'offshoring', '.']],
];

/** Invariants every tokenization must satisfy. */
function checkInvariants(text: string, tokens: readonly Token[]): void {
  let prevEnd = 0;
  tokens.forEach((t, i) => {
    expect(t.index).toBe(i);
    expect(t.end).toBeGreaterThan(t.start);
    expect(t.start).toBeGreaterThanOrEqual(prevEnd);
    expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(/\s/u.test(t.text)).toBe(false);
    // everything between two tokens is whitespace
    expect(text.slice(prevEnd, t.start).trim()).toBe('');
    prevEnd = t.end;
  });
  expect(text.slice(prevEnd).trim()).toBe('');
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('nx.json not found above the spec');
    dir = up;
  }
  return dir;
}

function sharedDataDir(): string {
  return process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(repoRoot(), '../shared/data');
}

describe('tokenize', () => {
  it.each(SPACY_CASES)('matches spaCy on %j', (text, expected) => {
    const tokens = tokenize(text);
    expect(texts(tokens)).toEqual(expected);
    checkInvariants(text, tokens);
  });

  it('returns UTF-16 offsets (emoji take two code units) and keeps emoji modifier sequences whole', () => {
    const text = 'ok 👍🏽 fine 👨‍👩‍👧 🇩🇪!';
    const tokens = tokenize(text);
    expect(texts(tokens)).toEqual(['ok', '👍🏽', 'fine', '👨‍👩‍👧', '🇩🇪', '!']);
    expect(tokens[1]).toEqual({ index: 1, text: '👍🏽', start: 3, end: 7 });
    checkInvariants(text, tokens);
  });

  it('handles empty, whitespace-only and multi-whitespace input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t ')).toEqual([]);
    const tokens = tokenize('  a \n b\u00a0c  ');
    expect(tokens.map((t) => [t.text, t.start, t.end])).toEqual([
      ['a', 2, 3],
      ['b', 6, 7],
      ['c', 8, 9],
    ]);
  });

  it('can keep hyphenated words whole', () => {
    expect(
      texts(tokenize('a well-known state-of-the-art model', { keepHyphenated: true })),
    ).toEqual(['a', 'well-known', 'state-of-the-art', 'model']);
    // numeric ranges still split ("3-4" is an arithmetic infix in spaCy)
    expect(texts(tokenize('3-4 pm', { keepHyphenated: true }))).toEqual(['3', '-', '4', 'pm']);
  });

  it('is deterministic (cache does not change results)', () => {
    const text = "Don't you think it's 3.5x better? (Yes!)";
    const a = tokenize(text);
    const b = tokenize(text);
    expect(b).toEqual(a);
    expect(texts(a)).toEqual([
      'Do',
      "n't",
      'you',
      'think',
      'it',
      "'s",
      '3.5x',
      'better',
      '?',
      '(',
      'Yes',
      '!',
      ')',
    ]);
  });
});

describe('spacyIndexedTokens', () => {
  it('adds spaCy whitespace tokens exactly where spaCy emits them', () => {
    // spaCy 3.8: " a b" -> [" ", "a", "b"]; "a  b" -> ["a", " ", "b"]; "a \nb" -> ["a", "\n", "b"];
    // "a\n b" -> ["a", "\n ", "b"]; "a   b  " -> ["a", "  ", "b", " "]
    const cases: [string, string[]][] = [
      [' a b', [' ', 'a', 'b']],
      ['a  b', ['a', ' ', 'b']],
      ['a \nb', ['a', '\n', 'b']],
      ['a\n b', ['a', '\n ', 'b']],
      ['a   b  ', ['a', '  ', 'b', ' ']],
      ['a b', ['a', 'b']],
    ];
    for (const [text, expected] of cases) {
      const sp = spacyIndexedTokens(text, tokenize(text));
      expect(sp.map((t) => text.slice(t.start, t.end))).toEqual(expected);
      expect(sp.filter((t) => !t.isSpace).map((t) => t.tokenIndex)).toEqual(
        tokenize(text).map((t) => t.index),
      );
    }
  });

  it('maps a spaCy token range to characters across a double space', () => {
    const text = 'Poisoned?  VIENNA (Reuters)';
    // spaCy: Poisoned(0) ?(1) " "(2) VIENNA(3) ((4) Reuters(5) )(6)
    expect(spacyRangeToCharRange(text, tokenize(text), 3, 4)).toEqual({ start: 11, end: 17 });
    expect(spacyRangeToCharRange(text, tokenize(text), 5, 7)).toEqual({ start: 19, end: 27 });
    expect(spacyRangeToCharRange(text, tokenize(text), 6, 8)).toBeNull();
  });
});

describe('tokenize on the 32k clickbait headlines (shared data)', () => {
  const dir = resolve(sharedDataDir(), 'clickbait');
  const headlines = ['clickbait_data.gz', 'non_clickbait_data.gz'].flatMap((f) =>
    gunzipSync(readFileSync(resolve(dir, f)))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );

  it('reads all 32,000 headlines', () => {
    expect(headlines).toHaveLength(32_000);
  });

  it('produces well-formed tokens for every headline', () => {
    let count = 0;
    for (const h of headlines) {
      const tokens = tokenize(h);
      count += tokens.length;
      // cheap invariants on every headline (the full expect()-based check is slow at this volume)
      let prev = 0;
      for (const t of tokens) {
        if (t.start < prev || t.end <= t.start || h.slice(t.start, t.end) !== t.text)
          throw new Error(`bad token in ${h}`);
        prev = t.end;
      }
    }
    checkInvariants(headlines[0]!, tokenize(headlines[0]!));
    // about ten tokens per headline
    expect(count / headlines.length).toBeGreaterThan(8);
    expect(count / headlines.length).toBeLessThan(14);
  });

  it('splits a few known headlines like spaCy', () => {
    const find = (prefix: string): string => {
      const h = headlines.find((x) => x.startsWith(prefix));
      if (h === undefined) throw new Error(`headline ${prefix} not found`);
      return h;
    };
    expect(texts(tokenize(find('The New "Star Wars: The Force Awakens" Trailer')))).toEqual([
      'The',
      'New',
      '"',
      'Star',
      'Wars',
      ':',
      'The',
      'Force',
      'Awakens',
      '"',
      'Trailer',
      'Is',
      'Here',
      'To',
      'Give',
      'You',
      'Chills',
    ]);
  });
});
