import { compactTokens, expandTokens, snapToTokens, tokenizeRecord } from './text-tokens.js';

describe('stored tokens', () => {
  const text = "Don't miss: 10 cats in Berlin";

  it('stores offsets as two flat arrays and restores the tokens', () => {
    const compact = compactTokens(text);
    expect(compact.starts.length).toBe(compact.ends.length);
    expect(expandTokens(compact, text).map((t) => t.text)).toEqual(['Do', "n't", 'miss', ':', '10', 'cats', 'in', 'Berlin']);
  });

  it('tokenizes only TEXT attributes with a string value', () => {
    expect(Object.keys(tokenizeRecord(['a', 'b'], { a: 'x y', b: null, c: 'z' }))).toEqual(['a']);
  });

  it('snaps a span outward to whole tokens, and refuses whitespace-only spans', () => {
    const compact = compactTokens(text);
    expect(snapToTokens(compact, text, 24, 27)).toEqual({ start: 23, end: 29 });
    expect(snapToTokens(compact, text, 1, 4)).toEqual({ start: 0, end: 5 });
    expect(snapToTokens(compact, text, 11, 12)).toBeNull();
  });
});
