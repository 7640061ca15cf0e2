// Benchmark suite `embeddings` (embedders part): prints JSON lines only on stdout; diagnostics go to stderr.
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../random.js';
import { fitSentenceEmbedder } from '../sentence-embedder.js';
import { ExactVectorIndex } from '../vector-index.js';
import { similarityThreshold } from '../similarity-threshold.js';
import { loadClickbaitHeadlines } from './data.js';

const SUITE = 'embeddings';
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const emit = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function tfidfCase(): void {
  const { texts } = loadClickbaitHeadlines();
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const { embedder, vectors } = fitSentenceEmbedder(texts, { model: 'tf-idf', dims: 64 });
    const s = (performance.now() - t0) / 1000;
    runs.push(s);
    log(
      `tf-idf + PCA-64 on ${texts.length} headlines: ${s.toFixed(2)} s, vocabulary ${embedder.state().vectorizer.terms.length}, dims ${vectors.dims}, explained variance ${(100 * embedder.explainedVarianceRatio).toFixed(1)} %`,
    );
  }
  emit({
    case: 'tfidf-pca64-clickbait-32k',
    metric: 'seconds',
    value: round(median(runs)),
    unit: 's',
    runs: runs.map((x) => round(x)),
    target: 5,
  });
  for (const model of ['bag-of-words', 'bag-of-characters'] as const) {
    const t0 = performance.now();
    const { embedder } = fitSentenceEmbedder(texts, { model, dims: 64 });
    log(
      `${model} + PCA-64: ${((performance.now() - t0) / 1000).toFixed(2)} s, vocabulary ${embedder.state().vectorizer.terms.length}, explained variance ${(100 * embedder.explainedVarianceRatio).toFixed(1)} %`,
    );
  }
}

function similarCase(): void {
  const n = 100_000;
  const dims = 64;
  const rand = mulberry32(11);
  const matrix = Float32Array.from({ length: n * dims }, () => rand() * 2 - 1);
  for (const metric of ['cosine', 'euclidean'] as const) {
    const index = new ExactVectorIndex(matrix, n, dims, metric);
    const times: number[] = [];
    for (let q = 0; q < 60; q++) {
      const t0 = performance.now();
      index.searchRow((q * 7919) % n, 100);
      if (q >= 10) times.push(performance.now() - t0); // first runs warm the JIT
    }
    const t0 = performance.now();
    const threshold = similarityThreshold(index);
    log(
      `similar ${metric}: p50 ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms; threshold ${threshold.toFixed(4)} in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    emit({
      case: 'similar-100k-64',
      metric: 'p50_ms',
      value: round(median(times)),
      unit: 'ms',
      distance: metric,
      default: metric === 'cosine',
      target: 15,
    });
  }
}

tfidfCase();
similarCase();
