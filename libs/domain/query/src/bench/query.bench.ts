// Benchmark suite `query` (informative): in-memory evaluation of browser-shaped pages over 100k
// synthetic records — the path the records service takes when it serves the data browser from a
// per-project browse projection instead of FerretDB. Prints JSON lines only on stdout.
import { performance } from 'node:perf_hooks';
import { compileQuery } from '../compile-query.js';
import { evaluatePage, prepareQuery } from '../evaluate.js';
import { BrowseQuery, type PageRequest } from '../query.schema.js';
import { ATTRIBUTES, makeRecords, SCOPE, TASKS } from './synthetic-records.js';

const SUITE = 'query';
const N = 100_000;
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const emit = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ suite: SUITE, ...line })}\n`);

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

function measure(fn: () => unknown, iterations = 20, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return Math.round(p95(samples) * 100) / 100;
}

const ctx = { attributes: ATTRIBUTES, tasks: TASKS, scope: SCOPE };
log(`generating ${N} records`);
const records = makeRecords(N, 1);

const cases: { name: string; query: unknown; page: PageRequest }[] = [
  {
    // The "filtered page": contains on text plus a label filter, ordered, page of 50, with its count.
    name: 'page-filtered-100k',
    query: {
      filter: {
        kind: 'AND',
        conditions: [
          { kind: 'ATTRIBUTE', attribute: 'headline', op: 'CONTAINS', value: 'you' },
          { kind: 'ANY_HEURISTIC', taskId: 't1' },
        ],
      },
      order: { kind: 'FIELDS', keys: [{ kind: 'WS_CONFIDENCE', taskId: 't1', direction: 'DESC' }] },
    },
    page: { limit: 50, offset: 0 },
  },
  {
    name: 'page-validation-slice-100k',
    query: {
      filter: {
        kind: 'AND',
        conditions: [
          { kind: 'ANY_HEURISTIC', taskId: 't1' },
          { kind: 'MANUAL_LABEL', taskId: 't1', op: 'HAS_NONE' },
        ],
      },
    },
    page: { limit: 50, offset: 0 },
  },
  {
    name: 'page-random-100k',
    query: { order: { kind: 'RANDOM', seed: 'session-1' } },
    page: { limit: 50, offset: 0 },
  },
  {
    name: 'page-sorted-text-100k',
    query: {
      order: {
        kind: 'FIELDS',
        keys: [{ kind: 'ATTRIBUTE', attribute: 'headline', direction: 'ASC' }],
      },
    },
    page: { limit: 50, offset: 0 },
  },
];

for (const c of cases) {
  const query = BrowseQuery.parse(c.query);
  const prepared = prepareQuery(query, ctx);
  const first = evaluatePage(records, prepared, c.page);
  log(`${c.name}: total=${first.total}`);
  emit({
    case: c.name,
    metric: 'p95_ms',
    value: measure(() => evaluatePage(records, prepareQuery(query, ctx), c.page)),
    unit: 'ms',
    engine: 'in-memory',
    records: N,
  });
  // Keyset page deep in the result (cursor of page 1 => page 2) costs the same as the first.
  if (first.nextCursor)
    emit({
      case: c.name,
      metric: 'p95_ms_next_page',
      value: measure(() =>
        evaluatePage(records, prepared, { limit: 50, cursor: first.nextCursor }),
      ),
      unit: 'ms',
      engine: 'in-memory',
      records: N,
    });
  // Baseline in the same run: filter, then sort everything, then slice.
  emit({
    case: c.name,
    metric: 'baseline_full_sort_p95_ms',
    value: measure(
      () => records.filter(prepared.matches).sort(prepared.compare).slice(0, 50),
      5,
      1,
    ),
    unit: 'ms',
    engine: 'in-memory',
    records: N,
  });
}

emit({
  case: 'compile',
  metric: 'p95_us',
  value: Math.round(
    measure(() => compileQuery(BrowseQuery.parse(cases[0]!.query), ctx), 200, 20) * 1000,
  ),
  unit: 'us',
});
