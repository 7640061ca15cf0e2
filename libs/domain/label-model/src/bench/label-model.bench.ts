// Benchmark suite `label-model`: prints JSON lines only on stdout; diagnostics go to stderr.
import { performance } from 'node:perf_hooks';
import { type LabelMatrix, labelMatrixFromVotes, type Vote } from '../matrix.js';
import { createLabelModel, DEFAULT_LABEL_MODEL, type LabelModel, LABEL_MODEL_NAMES, type Prediction, RefineryPlus } from '../models/index.js';
import { mulberry32 } from '../random.js';
import { concatMatrices, loadClickbaitSample, loadWrench } from './data.js';

const SUITE = 'label-model';
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);
}

function accuracy(pred: Int32Array, gold: Int32Array, from = 0): number {
  let ok = 0;
  let n = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i]! < 0) continue;
    n++;
    if (pred[from + i] === gold[i]) ok++;
  }
  return n ? (100 * ok) / n : NaN;
}

/** Expected calibration error (10 bins) of the predicted-class confidence, diagnostics only. */
function ece(p: Prediction, gold: Int32Array, from = 0): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 }));
  let n = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i]! < 0) continue;
    const c = p.confidence[from + i]!;
    const b = bins[Math.min(9, Math.floor(c * 10))]!;
    b.n++;
    b.conf += c;
    b.ok += p.labels[from + i] === gold[i] ? 1 : 0;
    n++;
  }
  return bins.reduce((s, b) => s + (b.n ? Math.abs(b.conf - b.ok) : 0), 0) / Math.max(1, n);
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** stderr: the blend weight refinery-plus selected and the held-out evidence behind it. */
function logSelection(caseName: string, model: LabelModel): void {
  if (!(model instanceof RefineryPlus) || !model.parameters) return;
  const { weight, candidates, evaluated } = model.parameters.selection;
  const table = candidates.map((c) => `λ=${c.weight}: ll ${c.logLikelihood.toFixed(3)} acc ${(100 * c.accuracy).toFixed(1)}`).join(', ');
  log(`${caseName} refinery-plus: λ = ${weight} on ${evaluated} held-out references (${table})`);
}

function wrenchCase(name: 'trec' | 'semeval'): void {
  const ds = loadWrench(name);
  // fit on train + valid votes, the valid gold labels serve as manual reference labels; score on test
  const fitMatrix = concatMatrices([ds.train.matrix, ds.valid.matrix]);
  const reference = new Map<number, number>();
  ds.valid.gold.forEach((y, i) => reference.set(ds.train.matrix.nRecords + i, y));
  for (const modelName of LABEL_MODEL_NAMES) {
    const model = createLabelModel(modelName).fit(fitMatrix, { reference });
    logSelection(name, model);
    const p = model.predict(ds.test.matrix);
    const acc = accuracy(p.labels, ds.test.gold);
    log(`${name} ${modelName}: accuracy ${acc.toFixed(2)} % ECE ${ece(p, ds.test.gold).toFixed(3)}`);
    emit({ case: name, metric: 'accuracy', value: round(acc), unit: '%', model: modelName, default: modelName === DEFAULT_LABEL_MODEL });
  }
}

async function clickbaitCase(): Promise<void> {
  const s = await loadClickbaitSample();
  const matched = s.gold.reduce((n, g) => n + (g >= 0 ? 1 : 0), 0);
  log(`clickbait sample: ${s.matrix.nRecords} records, ${matched} matched verbatim, ${s.manual.size} manual labels, heuristics ${s.heuristicNames.join(', ')}`);
  log(`clickbait refinery stored weak labels: ${accuracy(s.storedWeakLabel, s.gold).toFixed(2)} %`);
  // refinery trains an active learner on every second valid manual label (its statistics exclusions),
  // but the snapshot does not record which half, and the order (an unordered GROUP BY) cannot be
  // reproduced: DistilbertTree errs on 11 manual records with confidence 1.0, so it was not trained on
  // all of them, yet no parity of the uuid / time order is error-free. Conservatively, every manual
  // label counts as a training record of both learners.
  const manualIds = new Set(s.manual.keys());
  const excludeFromSupport = s.heuristicTypes.map((t) => (t === 'ACTIVE_LEARNING' ? manualIds : undefined));
  for (const modelName of LABEL_MODEL_NAMES) {
    const model = createLabelModel(modelName).fit(s.matrix, { reference: s.manual, excludeFromSupport });
    logSelection('clickbait', model);
    const p = model.predict(s.matrix);
    const acc = accuracy(p.labels, s.gold);
    log(`clickbait ${modelName}: accuracy ${acc.toFixed(2)} % ECE ${ece(p, s.gold).toFixed(3)}`);
    emit({ case: 'clickbait-refinery-sample', metric: 'accuracy', value: round(acc), unit: '%', model: modelName, default: modelName === DEFAULT_LABEL_MODEL });
  }
}

/** Synthetic n × m binary task: heuristics with accuracies 0.55–0.95, coverage 10–60 %, 1 % references. */
function synthetic(n: number, m: number, K: number, seed = 7): { matrix: LabelMatrix; reference: Map<number, number> } {
  const rand = mulberry32(seed);
  const acc = Array.from({ length: m }, () => 0.55 + 0.4 * rand());
  const cov = Array.from({ length: m }, () => 0.1 + 0.5 * rand());
  const votes: Vote[] = [];
  const reference = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const y = Math.floor(rand() * K);
    if (rand() < 0.01) reference.set(i, y);
    for (let h = 0; h < m; h++) {
      if (rand() >= cov[h]!) continue;
      const v = rand() < acc[h]! ? y : (y + 1 + Math.floor(rand() * (K - 1))) % K;
      votes.push({ record: i, heuristic: h, vote: v });
    }
  }
  return { matrix: labelMatrixFromVotes(n, m, K, votes), reference };
}

function speedCase(): void {
  const { matrix, reference } = synthetic(100_000, 50, 2);
  log(`synthetic 100k × 50: ${matrix.indptr[matrix.nRecords]} votes`);
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    createLabelModel(DEFAULT_LABEL_MODEL).fit(matrix, { reference }).predict(matrix);
    runs.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  runs.sort((a, b) => a - b);
  // CPU time shows the cost when other processes share the 2 cores (wall clock then inflates)
  log(`fit+predict runs (s): wall ${runs.map((x) => x.toFixed(3)).join(' ')}; cpu ${cpu.map((x) => x.toFixed(3)).join(' ')}`);
  emit({ case: 'fit-predict-100k-50', metric: 'seconds', value: round(runs[Math.floor(runs.length / 2)]!, 3), unit: 's', model: DEFAULT_LABEL_MODEL, default: true });
}

async function main(): Promise<void> {
  for (const [name, fn] of [
    ['trec', () => wrenchCase('trec')],
    ['semeval', () => wrenchCase('semeval')],
    ['clickbait-refinery-sample', clickbaitCase],
    ['fit-predict-100k-50', speedCase],
  ] as const) {
    try {
      await fn();
    } catch (e) {
      log(`case ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
}

await main();
