import { frameBatch } from './sequence-batch.js';

describe('frameBatch', () => {
  const frame = { prefixIds: [101], suffixIds: [102], padId: 0 };

  it('frames every sequence with the special tokens and pads to the longest', () => {
    const batch = frameBatch([[7, 8, 9], [5]], frame);
    expect(batch.batch).toBe(2);
    expect(batch.sequence).toBe(5);
    expect(Array.from(batch.inputIds)).toEqual([101n, 7n, 8n, 9n, 102n, 101n, 5n, 102n, 0n, 0n]);
    expect(Array.from(batch.attentionMask)).toEqual([1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n, 0n]);
  });

  it('keeps an empty sequence as its special tokens', () => {
    const batch = frameBatch([[]], frame);
    expect(Array.from(batch.inputIds)).toEqual([101n, 102n]);
  });

  it('pads with the model`s pad id, and works without special tokens', () => {
    const batch = frameBatch([[4], [4, 4]], { prefixIds: [], suffixIds: [], padId: 1 });
    expect(Array.from(batch.inputIds)).toEqual([4n, 1n, 4n, 4n]);
    expect(Array.from(batch.attentionMask)).toEqual([1n, 0n, 1n, 1n]);
  });
});
