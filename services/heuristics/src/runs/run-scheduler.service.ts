import { Inject, Injectable } from '@nestjs/common';
import { RunEvents } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, QUEUE, EventPublisher } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { RunHeuristicJob } from './jobs/run-heuristic.job.js';
import { RunSlotRepository } from './run-slot.repository.js';
import { runSummary } from './run-view.js';
import { RunRepository } from './run.repository.js';
import type { RunDoc } from './run.schema.js';

const ATTEMPTS = 20;
const TERMINAL: ReadonlySet<RunDoc['state']> = new Set(['succeeded', 'failed', 'cancelled']);

export function isTerminal(state: RunDoc['state']): boolean {
  return TERMINAL.has(state);
}

/**
 * Serializes the runs of one heuristic: a run executes only while it holds the heuristic's
 * `active` slot; a request while another run is active waits in the `pending` slot, and a newer
 * request supersedes the waiting one (its code is newer). Different heuristics run in parallel on
 * the workers. Slots are claimed by insert and released by delete — the operations FerretDB
 * makes atomic (see RunSlotRepository).
 */
@Injectable()
export class RunScheduler {
  constructor(
    @Inject(RunSlotRepository) private readonly slots: RunSlotRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async schedule(scope: ProjectScope, heuristicId: string, runId: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await this.slots.claim('active', scope.projectId, heuristicId, runId)) return this.start(scope, heuristicId, runId);
      const active = await this.slots.holder('active', heuristicId);
      if (active === null) continue;
      if (await this.isDead(scope, active)) {
        await this.slots.release('active', heuristicId, active);
        continue;
      }
      if (await this.slots.claim('pending', scope.projectId, heuristicId, runId)) {
        // The active run may have ended between our two claims without seeing us: take over then.
        if ((await this.slots.holder('active', heuristicId)) === null && (await this.slots.release('pending', heuristicId, runId))) continue;
        return;
      }
      const waiting = await this.slots.holder('pending', heuristicId);
      if (waiting && (await this.slots.release('pending', heuristicId, waiting))) await this.cancelQueued(scope, waiting, `superseded by run ${runId}`);
    }
    throw new AppError('CONFLICT', `heuristic ${heuristicId} is being run by others right now; try again`);
  }

  /** Called when `runId` ended: the waiting run (if any) takes the active slot and is enqueued. */
  async release(scope: ProjectScope, heuristicId: string, runId: string): Promise<void> {
    await this.slots.release('active', heuristicId, runId);
    const waiting = await this.slots.holder('pending', heuristicId);
    if (!waiting || !(await this.slots.release('pending', heuristicId, waiting))) return;
    if (await this.slots.claim('active', scope.projectId, heuristicId, waiting)) return this.start(scope, heuristicId, waiting);
    // A newer request took the free slot meanwhile: it supersedes the one that waited.
    await this.cancelQueued(scope, waiting, 'superseded by a newer run');
  }

  /** Withdraws a waiting run; false when it is not waiting (it is active or already gone). */
  async unqueue(scope: ProjectScope, heuristicId: string, runId: string): Promise<boolean> {
    if (!(await this.slots.release('pending', heuristicId, runId))) return false;
    await this.cancelQueued(scope, runId, 'cancelled before it started');
    return true;
  }

  /** Only called by whoever removed the run's pending claim, so nobody else writes the run. */
  private async cancelQueued(scope: ProjectScope, runId: string, reason: string): Promise<void> {
    const run = await this.runs.findById(scope, runId);
    if (!run) return;
    const set = { state: 'cancelled' as const, error: reason, finishedAt: new Date() };
    await this.runs.update(scope, runId, set);
    this.events.publish(RunEvents.finished, scope.projectId, { projectId: scope.projectId, run: runSummary({ ...run, ...set }) }, scope.actor);
  }

  /**
   * An active claim whose run ended without releasing it, or whose worker died for good (running
   * far past the run wall time, queued for a day) does not block the heuristic forever.
   */
  private async isDead(scope: ProjectScope, runId: string): Promise<boolean> {
    const run = await this.runs.findById(scope, runId);
    if (!run || isTerminal(run.state)) return true;
    const now = Date.now();
    if (run.state === 'running') return (run.startedAt?.getTime() ?? 0) < now - (this.config.HEURISTICS_RUN_WALL_S * 1_000 + 300_000);
    return run.createdAt.getTime() < now - 86_400_000;
  }

  /** Enqueues the run that holds the active slot; if Redis refuses, the slot is freed again. */
  private async start(scope: ProjectScope, heuristicId: string, runId: string): Promise<void> {
    try {
      if (!this.queue) throw new AppError('INTERNAL', 'the heuristics service runs without its queue');
      await this.queue.enqueue(RunHeuristicJob, { runId, projectId: scope.projectId, orgId: scope.orgId, actor: scope.actor }, { jobId: runId });
    } catch (error) {
      this.logger.warn({ runId, err: String(error) }, 'could not enqueue a run; its slot is freed for the next request');
      await this.slots.release('active', heuristicId, runId);
      const set = { state: 'failed' as const, error: `could not be queued: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date() };
      await this.runs.update(scope, runId, set);
      throw error;
    }
  }
}
