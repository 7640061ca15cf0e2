import { EmbedderErrorCode } from './embedder-error.js';
import { mulberry32 } from './random.js';
import {
  type BuiltinSentenceModel,
  fitSentenceEmbedder,
  restoreSentenceEmbedder,
} from './sentence-embedder.js';

const VOCAB = [
  'cats',
  'dogs',
  'love',
  'hate',
  'you',
  'will',
  'never',
  'believe',
  'this',
  'stock',
  'market',
  'falls',
  'rises',
  'minister',
  'says',
  'trick',
  'amazing',
  'why',
  'report',
  'vote',
];

/** Seeded synthetic headlines, 6 words each. */
function corpus(n: number, seed = 1): string[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: 6 }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join(' '),
  );
}

describe('fitSentenceEmbedder', () => {
  it.each<BuiltinSentenceModel>(['tf-idf', 'bag-of-words', 'bag-of-characters'])(
    '%s reduces a large enough corpus to `dims` with PCA',
    (model) => {
      const texts = corpus(300);
      const { embedder, vectors } = fitSentenceEmbedder(texts, { model, dims: 8 });
      expect(embedder.reduced).toBe(true);
      expect(embedder.dims).toBe(8);
      expect(vectors.n).toBe(300);
      expect(vectors.matrix.length).toBe(300 * 8);
      expect(vectors.vectors[5]).toEqual(vectors.matrix.subarray(40, 48));
      expect(embedder.explainedVarianceRatio).toBeGreaterThan(0);
      expect(embedder.explainedVarianceRatio).toBeLessThanOrEqual(1 + 1e-9);
      // centred projections: each component averages to ~0 over the corpus
      for (let c = 0; c < 8; c++) {
        let s = 0;
        for (let i = 0; i < 300; i++) s += vectors.matrix[i * 8 + c]!;
        expect(Math.abs(s / 300)).toBeLessThan(1e-4);
      }
    },
  );

  it('skips PCA with fewer texts than dims: vectors are the weighted term vectors', () => {
    const { embedder, vectors } = fitSentenceEmbedder(['cats love dogs', 'dogs hate cats'], {
      model: 'bag-of-words',
      dims: 64,
    });
    expect(embedder.reduced).toBe(false);
    expect(embedder.dims).toBe(4); // cats, dogs, hate, love
    expect(Array.from(vectors.matrix)).toEqual([1, 1, 0, 1, 1, 1, 1, 0]);
    expect(embedder.state().pca).toBeNull();
  });

  it('skips PCA when the vocabulary is not larger than dims', () => {
    const { embedder } = fitSentenceEmbedder(corpus(200), { model: 'tf-idf', dims: 64 });
    expect(embedder.reduced).toBe(false);
    expect(embedder.dims).toBe(VOCAB.length);
  });

  it('embeds new texts like the corpus, also after restoring the stored state', () => {
    const texts = corpus(300, 2);
    const { embedder, vectors } = fitSentenceEmbedder(texts, { model: 'tf-idf', dims: 8 });
    expect(embedder.embed(texts.slice(0, 10)).matrix).toEqual(vectors.matrix.subarray(0, 80));
    const restored = restoreSentenceEmbedder(embedder.state());
    expect(restored.embed(texts).matrix).toEqual(vectors.matrix);
    expect(restored.explainedVarianceRatio).toBe(embedder.explainedVarianceRatio);
    expect(restored.embed(['completely unseen words']).matrix).toEqual(
      embedder.embed(['completely unseen words']).matrix,
    );
  });

  it('is deterministic for the same corpus and seed', () => {
    const texts = corpus(150, 3);
    const a = fitSentenceEmbedder(texts, { model: 'bag-of-characters', dims: 6, pca: { seed: 7 } })
      .vectors.matrix;
    const b = fitSentenceEmbedder(texts, { model: 'bag-of-characters', dims: 6, pca: { seed: 7 } })
      .vectors.matrix;
    expect(a).toEqual(b);
  });

  it('rejects bad options and empty input', () => {
    expect(() =>
      fitSentenceEmbedder(['a b'], { model: 'word2vec' as BuiltinSentenceModel }),
    ).toThrow(/option "model" must be one of tf-idf, bag-of-words, bag-of-characters/);
    expect(() => fitSentenceEmbedder(['a b'], { model: 'tf-idf', dims: 0 })).toThrow(
      /option "dims"/,
    );
    expect(() => fitSentenceEmbedder(['a b'], { model: 'tf-idf', dims: 2.5 })).toThrow(
      /option "dims"/,
    );
    expect(() => fitSentenceEmbedder([], { model: 'tf-idf' })).toThrow(
      expect.objectContaining({ code: EmbedderErrorCode.InvalidInput }),
    );
    expect(() => fitSentenceEmbedder(['a b'], { model: 'tf-idf', minDf: -1 })).toThrow(
      /option "minDf"/,
    );
  });
});
