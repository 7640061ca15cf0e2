import type { Logger } from '@refinery/server-core';
import type { QueueManager } from '@refinery/server-queue';
import type { EventPublisher } from '@refinery/server-kit';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import { trustedScope } from '../shared/project-scope.js';
import type { RunSlotRepository, SlotKind } from './run-slot.repository.js';
import { RunScheduler } from './run-scheduler.service.js';
import type { RunRepository, RunUpdate } from './run.repository.js';
import type { RunDoc } from './run.schema.js';

/** Slots with the semantics FerretDB guarantees: claim = insert of a unique key, release = delete. */
class MemorySlots {
  readonly held = new Map<string, string>();
  async claim(kind: SlotKind, _projectId: string, heuristicId: string, runId: string): Promise<boolean> {
    const key = `${kind}:${heuristicId}`;
    if (this.held.has(key)) return false;
    this.held.set(key, runId);
    return true;
  }
  async holder(kind: SlotKind, heuristicId: string): Promise<string | null> {
    return this.held.get(`${kind}:${heuristicId}`) ?? null;
  }
  async release(kind: SlotKind, heuristicId: string, runId: string): Promise<boolean> {
    const key = `${kind}:${heuristicId}`;
    if (this.held.get(key) !== runId) return false;
    this.held.delete(key);
    return true;
  }
}

class MemoryRuns {
  readonly docs = new Map<string, RunDoc>();
  add(id: string, state: RunDoc['state'] = 'queued', startedAt: Date | null = null): void {
    this.docs.set(id, { _id: id, state, startedAt, createdAt: new Date(), heuristicId: 'h' } as RunDoc);
  }
  async findById(_scope: unknown, id: string): Promise<RunDoc | null> {
    return this.docs.get(id) ?? null;
  }
  async update(_scope: unknown, id: string, set: RunUpdate): Promise<boolean> {
    const doc = this.docs.get(id);
    if (doc) this.docs.set(id, { ...doc, ...set });
    return true;
  }
}

describe('RunScheduler', () => {
  const scope = trustedScope('p', 'o', { userId: 'u', orgId: 'o', role: 'owner' });
  let slots: MemorySlots;
  let runs: MemoryRuns;
  let enqueued: string[];
  let scheduler: RunScheduler;

  beforeEach(() => {
    slots = new MemorySlots();
    runs = new MemoryRuns();
    enqueued = [];
    const queue = { enqueue: async (_def: unknown, payload: { runId: string }) => void enqueued.push(payload.runId) } as unknown as QueueManager;
    const events = { publish: () => undefined } as unknown as EventPublisher;
    const logger = { warn: () => undefined } as unknown as Logger;
    const config = { HEURISTICS_RUN_WALL_S: 600 } as HeuristicsConfig;
    scheduler = new RunScheduler(slots as unknown as RunSlotRepository, runs as unknown as RunRepository, events, queue, config, logger);
    for (const id of ['r1', 'r2', 'r3']) runs.add(id);
  });

  it('starts a run at once when the heuristic is idle', async () => {
    await scheduler.schedule(scope, 'h', 'r1');
    expect(enqueued).toEqual(['r1']);
    expect(await slots.holder('active', 'h')).toBe('r1');
  });

  it('queues a second run behind the active one and starts it when the first is released', async () => {
    await scheduler.schedule(scope, 'h', 'r1');
    runs.docs.set('r1', { ...runs.docs.get('r1')!, state: 'running', startedAt: new Date() });
    await scheduler.schedule(scope, 'h', 'r2');
    expect(enqueued).toEqual(['r1']);
    expect(await slots.holder('pending', 'h')).toBe('r2');
    await scheduler.release(scope, 'h', 'r1');
    expect(enqueued).toEqual(['r1', 'r2']);
    expect(await slots.holder('active', 'h')).toBe('r2');
    expect(await slots.holder('pending', 'h')).toBeNull();
  });

  it('lets a newer request supersede the waiting one', async () => {
    await scheduler.schedule(scope, 'h', 'r1');
    runs.docs.set('r1', { ...runs.docs.get('r1')!, state: 'running', startedAt: new Date() });
    await scheduler.schedule(scope, 'h', 'r2');
    await scheduler.schedule(scope, 'h', 'r3');
    expect(await slots.holder('pending', 'h')).toBe('r3');
    expect(runs.docs.get('r2')).toMatchObject({ state: 'cancelled', error: 'superseded by run r3' });
  });

  it('takes over an active slot whose run ended without releasing it, or died long ago', async () => {
    await slots.claim('active', 'p', 'h', 'r1');
    runs.docs.set('r1', { ...runs.docs.get('r1')!, state: 'failed' });
    await scheduler.schedule(scope, 'h', 'r2');
    expect(enqueued).toEqual(['r2']);
    runs.docs.set('r2', { ...runs.docs.get('r2')!, state: 'running', startedAt: new Date(Date.now() - 3_600_000) });
    await scheduler.schedule(scope, 'h', 'r3');
    expect(enqueued).toEqual(['r2', 'r3']);
  });

  it('withdraws a waiting run on cancel, and only a waiting one', async () => {
    await scheduler.schedule(scope, 'h', 'r1');
    runs.docs.set('r1', { ...runs.docs.get('r1')!, state: 'running', startedAt: new Date() });
    await scheduler.schedule(scope, 'h', 'r2');
    expect(await scheduler.unqueue(scope, 'h', 'r1')).toBe(false);
    expect(await scheduler.unqueue(scope, 'h', 'r2')).toBe(true);
    expect(runs.docs.get('r2')?.state).toBe('cancelled');
    await scheduler.release(scope, 'h', 'r1');
    expect(enqueued).toEqual(['r1']);
  });

  it('frees the slot and fails the run when the queue refuses it', async () => {
    const failing = { enqueue: async () => Promise.reject(new Error('Redis down')) } as unknown as QueueManager;
    const s = new RunScheduler(slots as unknown as RunSlotRepository, runs as unknown as RunRepository, { publish: () => undefined } as unknown as EventPublisher, failing, { HEURISTICS_RUN_WALL_S: 600 } as HeuristicsConfig, { warn: () => undefined } as unknown as Logger);
    await expect(s.schedule(scope, 'h', 'r1')).rejects.toThrow('Redis down');
    expect(await slots.holder('active', 'h')).toBeNull();
    expect(runs.docs.get('r1')).toMatchObject({ state: 'failed', error: 'could not be queued: Redis down' });
  });
});
