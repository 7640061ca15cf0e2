import { Inject, Injectable } from '@nestjs/common';
import type { CalculationRun, CalculationRunSummary } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, QUEUE } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import { RunSlotRepository } from '../runs/run-slot.repository.js';
import { messageOf, notFound } from '../shared/errors.js';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { AttributeCalculationRepository } from './attribute-calculation.repository.js';
import { calculationRunSummary, calculationRunView, CalculationRunRepository, NO_CALCULATION_COUNTS } from './calculation-run.repository.js';
import type { CalculationRunDoc } from './calculation-run.schema.js';
import { RunCalculationJob } from './jobs/run-calculation.job.js';

/** The run slot of a calculation (same collection as the heuristics' slots, its own key space). */
export const calculationSlot = (calculationId: string): string => `calculation:${calculationId}`;

export function isCalculationRunOver(state: CalculationRunDoc['state']): boolean {
  return state === 'succeeded' || state === 'failed';
}

/**
 * "Run on all" of computed attributes: one run at a time per calculation (it holds the
 * calculation's `active` slot — an insert, atomic on FerretDB); a second request while one is
 * queued or running is CONFLICT, since both would replace the same attribute.
 */
@Injectable()
export class CalculationRunsService {
  constructor(
    @Inject(AttributeCalculationRepository) private readonly calculations: AttributeCalculationRepository,
    @Inject(CalculationRunRepository) private readonly runs: CalculationRunRepository,
    @Inject(RunSlotRepository) private readonly slots: RunSlotRepository,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(scope: ProjectScope, calculationId: string): Promise<CalculationRunSummary> {
    const calc = await this.calculations.findById(scope, calculationId);
    if (!calc) throw notFound('computed attribute', calculationId);
    const run = await this.runs.insert(scope, {
      _id: newId(),
      calculationId,
      name: calc.name,
      dataType: calc.dataType,
      language: calc.language,
      code: calc.code,
      state: 'queued',
      counts: { ...NO_CALCULATION_COUNTS },
      error: null,
      logs: [],
      attributeId: null,
      generation: null,
      createdBy: scope.actor.userId,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    });
    await this.claim(scope, calc.name, calculationId, run);
    try {
      if (!this.queue) throw new AppError('INTERNAL', 'the heuristics service runs without its queue');
      await this.queue.enqueue(RunCalculationJob, { runId: run._id, projectId: scope.projectId, orgId: scope.orgId, actor: scope.actor }, { jobId: run._id });
    } catch (error) {
      this.logger.warn({ runId: run._id, err: messageOf(error) }, 'could not enqueue a calculation run; its slot is freed');
      await this.slots.release('active', calculationSlot(calculationId), run._id);
      await this.runs.update(scope, run._id, { state: 'failed', error: `could not be queued: ${messageOf(error)}`, finishedAt: new Date() });
      throw error;
    }
    return calculationRunSummary(run);
  }

  async list(scope: ProjectScope, calculationId: string, limit: number): Promise<CalculationRunSummary[]> {
    return (await this.runs.listOf(scope, calculationId, limit)).map(calculationRunSummary);
  }

  async get(scope: ProjectScope, runId: string): Promise<CalculationRun> {
    const run = await this.runs.findById(scope, runId);
    if (!run) throw notFound('calculation run', runId);
    return calculationRunView(run);
  }

  /** Takes the calculation's slot, or a dead holder's; otherwise the new run fails as CONFLICT. */
  private async claim(scope: ProjectScope, name: string, calculationId: string, run: CalculationRunDoc): Promise<void> {
    const key = calculationSlot(calculationId);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.slots.claim('active', scope.projectId, key, run._id)) return;
      const holder = await this.slots.holder('active', key);
      if (holder === null) continue;
      const active = await this.runs.findById(scope, holder);
      if (active && !this.isDead(active)) {
        // The refused request leaves no run behind.
        await this.runs.delete(scope, run._id);
        throw new AppError('CONFLICT', `computed attribute "${name}" is already being run (run ${holder}, ${active.state})`);
      }
      await this.slots.release('active', key, holder);
    }
    await this.runs.delete(scope, run._id);
    throw new AppError('CONFLICT', `computed attribute "${name}" is being run by others right now; try again`);
  }

  /** A run that ended without releasing its slot, or whose worker died for good, does not block the calculation. */
  private isDead(run: CalculationRunDoc): boolean {
    if (isCalculationRunOver(run.state)) return true;
    const now = Date.now();
    if (run.state === 'running') return (run.startedAt?.getTime() ?? 0) < now - (this.config.HEURISTICS_RUN_WALL_S * 1_000 + 300_000);
    return run.createdAt.getTime() < now - 86_400_000;
  }
}
