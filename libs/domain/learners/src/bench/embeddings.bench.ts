// Benchmark suite `embeddings` (active-learner part): prints JSON lines only on stdout; diagnostics go to stderr.
import { performance } from 'node:perf_hooks';
import type { Classifier } from '../classifier.js';
import { DecisionTree } from '../decision-tree.js';
import { KNearestNeighbors } from '../knn.js';
import { LogisticRegression } from '../logistic-regression.js';

const SUITE = 'embeddings';
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const emit = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Seeded PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two overlapping Gaussian-ish classes in d dims, like PCA vectors of a binary task. */
function dataset(n: number, d: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rand = mulberry32(seed);
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rand() < 0.5 ? 1 : 0;
    for (let j = 0; j < d; j++) x[i * d + j] = normal() + (j < 8 ? (y[i] ? 0.4 : -0.4) : 0);
  }
  return { x, y };
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const d = 64;
const train = dataset(3_000, d, 1);
const big = dataset(100_000, d, 2);
const accuracy = (c: Classifier, x: Float32Array, y: Int32Array, n: number): number => {
  const p = c.predictProba(x, n);
  let ok = 0;
  for (let i = 0; i < n; i++) if ((p[i * 2 + 1]! > p[i * 2]! ? 1 : 0) === y[i]) ok++;
  return (100 * ok) / n;
};

const lr = new LogisticRegression();
time(() => lr.fit(train.x, 3_000, d, train.y, 2), 3); // warm the JIT
const trainMs = time(() => lr.fit(train.x, 3_000, d, train.y, 2), 7);
log(
  `logistic regression 3,000 × 64: fit p50 ${median(trainMs).toFixed(1)} ms (${lr.iterations} L-BFGS iterations), accuracy on 100k ${accuracy(lr, big.x, big.y, 100_000).toFixed(1)} %`,
);
emit({
  case: 'al-train-3k-64',
  metric: 'ms',
  value: round(median(trainMs)),
  unit: 'ms',
  model: 'logistic-regression',
  runs: trainMs.map((t) => round(t)),
  target: 100,
});
const predictMs = time(() => lr.predictProba(big.x, 100_000), 7);
log(`logistic regression predict 100,000: p50 ${median(predictMs).toFixed(1)} ms`);
emit({
  case: 'al-predict-100k',
  metric: 'ms',
  value: round(median(predictMs)),
  unit: 'ms',
  model: 'logistic-regression',
  runs: predictMs.map((t) => round(t)),
  target: 200,
});

// other models: diagnostics only (kNN predicts on 10k rows: its cost is n_train per row)
const tree = new DecisionTree();
const treeFit = median(time(() => tree.fit(train.x, 3_000, d, train.y, 2), 3));
const treePredict = median(time(() => tree.predictProba(big.x, 100_000), 3));
log(
  `decision tree: fit ${treeFit.toFixed(1)} ms (${tree.nodeCount} nodes, depth ${tree.depth}), predict 100,000 ${treePredict.toFixed(1)} ms, accuracy ${accuracy(tree, big.x, big.y, 100_000).toFixed(1)} %`,
);
const knn = new KNearestNeighbors().fit(train.x, 3_000, d, train.y, 2);
const knnPredict = median(time(() => knn.predictProba(big.x.subarray(0, 10_000 * d), 10_000), 3));
log(
  `knn (k 5): predict 10,000 ${knnPredict.toFixed(0)} ms, accuracy ${accuracy(knn, big.x.subarray(0, 10_000 * d), big.y.subarray(0, 10_000), 10_000).toFixed(1)} %`,
);
