import { tokenRange } from './frozen-export.js';

describe('tokenRange', () => {
  // "Anna visits New York": tokens [0,4) [5,11) [12,15) [16,20)
  const tokens = { starts: [0, 5, 12, 16], ends: [4, 11, 15, 20] };

  it.each([
    [0, 4, [0, 1]],
    [12, 20, [2, 4]],
    [6, 13, [1, 3]],
    [19, 20, [3, 4]],
  ])('maps characters [%i, %i) to the tokens they overlap', (start, end, expected) => {
    expect(tokenRange(tokens, start, end)).toEqual(expected);
  });

  it.each([
    [4, 5],
    [20, 25],
    [11, 12],
  ])('gives null for [%i, %i), which covers no token', (start, end) => {
    expect(tokenRange(tokens, start, end)).toBeNull();
  });
});
