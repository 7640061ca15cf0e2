import { planTokenWindows } from './token-windows.js';

describe('planTokenWindows', () => {
  it('keeps a short text in one window with each token`s piece range', () => {
    expect(planTokenWindows([1, 2, 0, 1], 10)).toEqual([
      {
        firstToken: 0,
        endToken: 4,
        pieceRanges: [
          [0, 1],
          [1, 3],
          [3, 3],
          [3, 4],
        ],
        length: 4,
      },
    ]);
  });

  it('starts a new window before a token that would not fit, never splitting a token', () => {
    const windows = planTokenWindows([2, 2, 2, 1], 4);
    expect(windows.map((w) => [w.firstToken, w.endToken, w.length])).toEqual([
      [0, 2, 4],
      [2, 4, 3],
    ]);
    expect(windows[1]!.pieceRanges).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });

  it('cuts a single token longer than a window to the window', () => {
    expect(planTokenWindows([1, 7, 1], 3)).toEqual([
      { firstToken: 0, endToken: 1, pieceRanges: [[0, 1]], length: 1 },
      { firstToken: 1, endToken: 2, pieceRanges: [[0, 3]], length: 3 },
      { firstToken: 2, endToken: 3, pieceRanges: [[0, 1]], length: 1 },
    ]);
  });

  it('plans no window for a text without tokens', () => {
    expect(planTokenWindows([], 5)).toEqual([]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => planTokenWindows([1], 0)).toThrow(
      'window capacity must be a positive integer, got 0',
    );
    expect(() => planTokenWindows([1], 1.5)).toThrow('got 1.5');
  });
});
