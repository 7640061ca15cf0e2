import { tokenize } from '@refinery/tokenize';
import { embedTokens, shape } from './token-embedder.js';

const row = (m: Float32Array, dims: number, i: number): Float32Array =>
  m.subarray(i * dims, (i + 1) * dims);
const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('embedTokens', () => {
  it('returns one L2-normalised vector per @refinery/tokenize token', () => {
    const text = 'Mike Tyson bites ear, again!';
    const { tokens, dims, matrix } = embedTokens(text);
    expect(tokens).toEqual(tokenize(text));
    expect(dims).toBe(128);
    expect(matrix.length).toBe(tokens.length * 128);
    for (let i = 0; i < tokens.length; i++)
      expect(cos(row(matrix, dims, i), row(matrix, dims, i))).toBeCloseTo(1, 5);
  });

  it('gives the same token in the same context the same vector, and context moves it', () => {
    const a = embedTokens('I met Paris today', { dims: 256 });
    const b = embedTokens('I met Paris today', { dims: 256 });
    expect(a.matrix).toEqual(b.matrix);
    const c = embedTokens('we love Paris so', { dims: 256 });
    const same = cos(row(a.matrix, 256, 2), row(c.matrix, 256, 2));
    expect(same).toBeLessThan(0.99);
    expect(same).toBeGreaterThan(0.3); // the word and its n-grams still dominate
  });

  it('puts word forms sharing n-grams closer than unrelated words', () => {
    const { matrix } = embedTokens('running runner table', { dims: 512, window: 0 });
    expect(cos(row(matrix, 512, 0), row(matrix, 512, 1))).toBeGreaterThan(
      cos(row(matrix, 512, 0), row(matrix, 512, 2)),
    );
  });

  it('handles empty text and computes word shapes', () => {
    expect(embedTokens('').matrix.length).toBe(0);
    expect(shape('McDonald')).toBe('XxXxxxx');
    expect(shape('2024')).toBe('dddd');
    expect(shape('U.S.')).toBe('X.X.');
  });

  it('rejects bad options with the field named', () => {
    expect(() => embedTokens('a', { dims: 1 })).toThrow(/option "dims"/);
    expect(() => embedTokens('a', { charNgram: 0 })).toThrow(/option "charNgram"/);
    expect(() => embedTokens('a', { window: 9 })).toThrow(/option "window"/);
  });
});
