import { charTerms, wordTerms } from './analyzers.js';
import { EmbedderErrorCode } from './embedder-error.js';
import { sparseToDense } from './sparse-matrix.js';
import { fitVectorizer, restoreVectorizer, type VectorizerOptions } from './vectorizer.js';

const words = (
  weighting: VectorizerOptions['weighting'],
  extra: Partial<VectorizerOptions> = {},
): VectorizerOptions => ({
  analyzer: { kind: 'word', ngramRange: [1, 1] },
  weighting,
  ...extra,
});

function rows(m: Float32Array, cols: number): number[][] {
  return Array.from({ length: m.length / cols }, (_, i) =>
    Array.from(m.subarray(i * cols, (i + 1) * cols)),
  );
}

describe('analyzers', () => {
  it('lower-cases word tokens and drops punctuation-only tokens', () => {
    expect(wordTerms("The cat's hat!", [1, 1])).toEqual(['the', 'cat', "'s", 'hat']);
    expect(wordTerms('a b c', [1, 2])).toEqual(['a', 'b', 'c', 'a b', 'b c']);
  });

  it('builds character n-grams on collapsed whitespace, counting code points', () => {
    expect(charTerms(' Ab  c ', [2, 2])).toEqual(['ab', 'b ', ' c']);
    expect(charTerms('a😀', [1, 1])).toEqual(['a', '😀']);
  });
});

describe('fitVectorizer', () => {
  // 3 documents; smooth idf = ln((1 + 3) / (1 + df)) + 1
  const corpus = ['the cat sat', 'the cat ran', 'a dog ran'];

  it('computes tf-idf weights by hand on a 3-document corpus', () => {
    const { vectorizer, matrix } = fitVectorizer(corpus, words('tf-idf'));
    expect(vectorizer.state.terms).toEqual(['a', 'cat', 'dog', 'ran', 'sat', 'the']);
    const idf1 = Math.log(4 / 2) + 1; // df = 1: a, dog, sat
    const idf2 = Math.log(4 / 3) + 1; // df = 2: cat, ran, the
    expect(Array.from(vectorizer.state.idf!)).toEqual(
      [idf1, idf2, idf1, idf2, idf1, idf2].map((v) => expect.closeTo(v, 12)),
    );
    // doc 0 = cat, sat, the: raw (idf2, idf1, idf2), then L2-normalised
    const norm0 = Math.sqrt(2 * idf2 ** 2 + idf1 ** 2);
    const dense = rows(sparseToDense(matrix), 6);
    const expected0 = [0, idf2 / norm0, 0, 0, idf1 / norm0, idf2 / norm0];
    dense[0]!.forEach((v, j) => expect(v).toBeCloseTo(expected0[j]!, 6));
    // doc 2 = a, dog, ran
    const norm2 = Math.sqrt(2 * idf1 ** 2 + idf2 ** 2);
    const expected2 = [idf1 / norm2, 0, idf1 / norm2, idf2 / norm2, 0, 0];
    dense[2]!.forEach((v, j) => expect(v).toBeCloseTo(expected2[j]!, 6));
  });

  it('counts terms for bag-of-words and sublinear tf when asked', () => {
    const { matrix } = fitVectorizer(['b a b', 'a'], words('count'));
    expect(rows(sparseToDense(matrix), 2)).toEqual([
      [1, 2],
      [1, 0],
    ]);
    const sub = fitVectorizer(['b a b', 'a'], words('count', { sublinearTf: true })).matrix;
    expect(sparseToDense(sub)[1]).toBeCloseTo(1 + Math.log(2), 6);
  });

  it('applies minDf, maxDf and maxFeatures deterministically', () => {
    const docs = ['x y z', 'x y', 'x w', 'x v'];
    expect(fitVectorizer(docs, words('count', { minDf: 2 })).vectorizer.state.terms).toEqual([
      'x',
      'y',
    ]);
    expect(fitVectorizer(docs, words('count', { minDf: 0.5 })).vectorizer.state.terms).toEqual([
      'x',
      'y',
    ]);
    expect(fitVectorizer(docs, words('count', { maxDf: 0.5 })).vectorizer.state.terms).toEqual([
      'v',
      'w',
      'y',
      'z',
    ]);
    expect(fitVectorizer(docs, words('count', { maxDf: 2 })).vectorizer.state.terms).toEqual([
      'v',
      'w',
      'y',
      'z',
    ]);
    // most frequent first: x (4), y (2), then ties by term: v, w, z -> keeps v
    expect(fitVectorizer(docs, words('count', { maxFeatures: 3 })).vectorizer.state.terms).toEqual([
      'v',
      'x',
      'y',
    ]);
  });

  it('defaults minDf to 2 documents on corpora of 100 or more, 1 below', () => {
    const small = fitVectorizer(['alpha beta', 'alpha'], words('count')).vectorizer.state.terms;
    expect(small).toEqual(['alpha', 'beta']);
    const big = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'common rare' : 'common'));
    expect(fitVectorizer(big, words('count')).vectorizer.state.terms).toEqual(['common']);
  });

  it('transforms new texts with the fitted vocabulary (unknown terms ignored), also after a restore', () => {
    const { vectorizer, matrix } = fitVectorizer(corpus, words('tf-idf'));
    const again = restoreVectorizer(vectorizer.state).transform(corpus);
    expect(sparseToDense(again)).toEqual(sparseToDense(matrix));
    const unseen = vectorizer.transform(['zebra cat']);
    expect(Array.from(unseen.indices)).toEqual([1]);
    expect(unseen.data[0]).toBeCloseTo(1, 6);
    expect(vectorizer.transform(['zebra']).indices.length).toBe(0);
  });

  it('rejects bad options and an empty vocabulary with the field named', () => {
    expect(() => fitVectorizer(corpus, words('count', { minDf: 1.5 }))).toThrow(/option "minDf"/);
    expect(() => fitVectorizer(corpus, words('count', { maxDf: 0 }))).toThrow(/option "maxDf"/);
    expect(() => fitVectorizer(corpus, words('count', { maxFeatures: 0 }))).toThrow(
      /option "maxFeatures"/,
    );
    expect(() =>
      fitVectorizer(corpus, { analyzer: { kind: 'char', ngramRange: [3, 2] }, weighting: 'count' }),
    ).toThrow(/option "ngramRange"/);
    expect(() => fitVectorizer(['!!', '?'], words('count'))).toThrow(
      expect.objectContaining({ code: EmbedderErrorCode.EmptyVocabulary }),
    );
    const state = fitVectorizer(corpus, words('tf-idf')).vectorizer.state;
    expect(() => restoreVectorizer({ ...state, idf: new Float64Array(2) })).toThrow(
      /6 terms but 2 idf values/,
    );
  });
});
