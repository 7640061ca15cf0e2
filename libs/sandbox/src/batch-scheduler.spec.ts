import type { BatchExecutor, BatchOutcome, BatchStop } from './batch-executor.js';
import { runScheduled } from './batch-scheduler.js';
import { LogBuffer } from './log-buffer.js';
import { resolveLimits } from './sandbox-limits.js';
import type { SandboxRecord } from './sandbox-types.js';

const records = (n: number): SandboxRecord[] => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, data: { i } }));

/** A scripted sandbox: `stopAt(index, count)` decides whether a call stops at a record. */
class FakeExecutor implements BatchExecutor {
  readonly restarts = 0;
  readonly calls: [number, number, number][] = [];
  constructor(private readonly stopAt: (index: number, count: number) => BatchStop | undefined) {}
  async execute(start: number, count: number, budgetMs: number): Promise<BatchOutcome> {
    this.calls.push([start, count, budgetMs]);
    const outcomes = [];
    for (let i = start; i < start + count; i++) {
      const stop = this.stopAt(i, count);
      if (stop) return { outcomes: stop.kind === 'timeout' || stop.kind === 'error' ? outcomes : [], logs: [], droppedLogs: 0, stop };
      outcomes.push({ ok: true as const, value: `v${i}` });
    }
    return { outcomes, logs: [{ index: start, text: 'hello' }], droppedLogs: 0 };
  }
}

const schedule = (executor: BatchExecutor, n: number, extra: Partial<Parameters<typeof runScheduled>[0]> = {}) =>
  runScheduled({
    records: records(n),
    executor,
    limits: resolveLimits({ batchSize: 4, perRecordMs: 100 }),
    check: (raw) => ({ ok: true, value: raw }),
    logs: new LogBuffer(100, 100),
    deadline: performance.now() + 60_000,
    ...extra,
  });

describe('runScheduled', () => {
  it('runs every record in batches and keeps their outputs', async () => {
    const executor = new FakeExecutor(() => undefined);
    const result = await schedule(executor, 10);
    expect(result.status).toBe('ok');
    expect([...result.results.values()]).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
    expect(executor.calls.map(([s, c]) => [s, c])).toEqual([
      [0, 4],
      [4, 4],
      [8, 2],
    ]);
  });

  it('after a timeout keeps the finished prefix, reruns the stopped record alone, then resumes batching', async () => {
    const executor = new FakeExecutor((i) => (i === 5 ? { kind: 'timeout', message: 'ran over the time limit' } : undefined));
    const result = await schedule(executor, 10);
    expect(result.failures).toEqual([{ recordId: 'r5', reason: 'time-limit', message: 'record r5: ran over the time limit (limit 100 ms per record)' }]);
    expect(result.results.size).toBe(9);
    expect(executor.calls.map(([s, c]) => [s, c])).toEqual([
      [0, 4],
      [4, 4],
      [5, 1],
      [6, 4],
    ]);
    expect(executor.calls[2]?.[2]).toBe(100);
  });

  it('a record that only overran inside a batch succeeds when rerun alone', async () => {
    const executor = new FakeExecutor((i, count) => (i === 2 && count > 1 ? { kind: 'timeout', message: 'slow' } : undefined));
    const result = await schedule(executor, 4);
    expect(result.failures).toEqual([]);
    expect(result.results.size).toBe(4);
  });

  it('after a lost sandbox (memory) reruns the rest of the batch record by record', async () => {
    const executor = new FakeExecutor((i) => (i === 6 ? { kind: 'memory', message: 'ran out of memory' } : undefined));
    const result = await schedule(executor, 8);
    expect(result.failures).toEqual([{ recordId: 'r6', reason: 'memory-limit', message: 'record r6: ran out of memory' }]);
    expect(result.results.size).toBe(7);
    expect(executor.calls.map(([s, c]) => [s, c])).toEqual([
      [0, 4],
      [4, 4],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
  });

  it('stops at the deadline and counts what did not run', async () => {
    let clock = 0;
    const executor = new FakeExecutor(() => undefined);
    const result = await schedule(executor, 10, { deadline: 1, now: () => clock++ });
    expect(result.status).toBe('wall-time-exceeded');
    expect(result.notRun).toBeGreaterThan(0);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await schedule(new FakeExecutor(() => undefined), 3, { signal: controller.signal });
    expect(result).toMatchObject({ status: 'cancelled', notRun: 3, calls: 0 });
  });

  it('prefixes sandbox log lines with the record id', async () => {
    const logs = new LogBuffer(100, 100);
    await schedule(new FakeExecutor(() => undefined), 2, { logs });
    expect(logs.toArray()).toEqual(['[record r0] hello']);
  });
});
