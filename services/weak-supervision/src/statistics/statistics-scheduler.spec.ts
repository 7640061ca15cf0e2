import { jest } from '@jest/globals';
import type { Logger } from '@refinery/server-core';
import type { QueueManager } from '@refinery/server-queue';
import type { WeakSupervisionConfig } from '../shared/weak-supervision-config.js';
import { StatisticsScheduler } from './statistics-scheduler.js';

describe('StatisticsScheduler', () => {
  let enqueued: unknown[];
  let scheduler: StatisticsScheduler;
  beforeEach(() => {
    jest.useFakeTimers();
    enqueued = [];
    const queue = { enqueue: (_def: unknown, payload: unknown) => Promise.resolve(void enqueued.push(payload)) } as unknown as QueueManager;
    const config = { WS_STATISTICS_DEBOUNCE_MS: 100, WS_STATISTICS_MAX_WAIT_MS: 250 } as WeakSupervisionConfig;
    scheduler = new StatisticsScheduler(config, queue, { warn: () => undefined } as unknown as Logger);
  });
  afterEach(() => {
    scheduler.onModuleDestroy();
    jest.useRealTimers();
  });

  it('enqueues one recompute per task after a quiet period, keeping the heuristics trigger', async () => {
    scheduler.schedule('p', 't', 'heuristics-changed');
    await jest.advanceTimersByTimeAsync(60);
    scheduler.schedule('p', 't', 'labels-changed');
    scheduler.schedule('p', 'u', 'labels-changed');
    await jest.advanceTimersByTimeAsync(99);
    expect(enqueued).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(enqueued).toEqual([
      expect.objectContaining({ projectId: 'p', taskId: 't', trigger: 'heuristics-changed', actor: expect.objectContaining({ role: 'system' }) }),
      expect.objectContaining({ projectId: 'p', taskId: 'u', trigger: 'labels-changed' }),
    ]);
  });

  it('does not let a steady stream of changes postpone the recompute past the maximum wait', async () => {
    for (let t = 0; t < 300; t += 50) {
      scheduler.schedule('p', 't', 'labels-changed');
      await jest.advanceTimersByTimeAsync(50);
    }
    expect(enqueued).toHaveLength(1);
  });

  it('forgets pending recomputes of a deleted project', async () => {
    scheduler.schedule('p', 't', 'labels-changed');
    scheduler.schedule('q', 't', 'labels-changed');
    scheduler.forget('p');
    await jest.advanceTimersByTimeAsync(500);
    expect(enqueued).toEqual([expect.objectContaining({ projectId: 'q' })]);
  });
});
