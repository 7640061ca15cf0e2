import { Inject, Injectable } from '@nestjs/common';
import type { Run, RunSummary } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { RunCancelRepository } from './run-cancel.repository.js';
import { isTerminal, RunScheduler } from './run-scheduler.service.js';
import { NO_COUNTS, runSummary, runView } from './run-view.js';
import { RunRepository } from './run.repository.js';
import type { RunDoc } from './run.schema.js';

/** Starting, listing and cancelling runs; the work itself is the run job (RunExecutor). */
@Injectable()
export class RunsService {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(RunScheduler) private readonly scheduler: RunScheduler,
    @Inject(RunCancelRepository) private readonly cancels: RunCancelRepository,
  ) {}

  /** One run per heuristic, each with the heuristic's code as it is now. */
  async start(scope: ProjectScope, heuristicIds: readonly string[]): Promise<RunSummary[]> {
    const unique = [...new Set(heuristicIds)];
    const heuristics = await Promise.all(unique.map((id) => this.heuristics.findById(scope, id)));
    const missing = unique.filter((_, i) => !heuristics[i]);
    if (missing.length) throw new AppError('NOT_FOUND', `heuristic ${missing.join(', ')} not found`);
    const readOnly = heuristics.find((h) => h?.readOnlyReason);
    if (readOnly) throw new AppError('CONFLICT', `heuristic "${readOnly.name}" is read-only and cannot run here: ${readOnly.readOnlyReason}`);
    const out: RunSummary[] = [];
    for (const h of heuristics) {
      if (!h) continue;
      const run = await this.runs.insert(scope, {
        _id: newId(),
        heuristicId: h._id,
        taskId: h.taskId,
        kind: h.kind,
        language: h.language,
        code: h.code,
        state: 'queued',
        counts: NO_COUNTS,
        error: null,
        logs: [],
        createdBy: scope.actor.userId,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        durationMs: null,
      });
      await this.scheduler.schedule(scope, h._id, run._id);
      out.push(runSummary(run));
    }
    return out;
  }

  async list(scope: ProjectScope, heuristicId: string, limit: number): Promise<RunSummary[]> {
    return (await this.runs.listOf(scope, heuristicId, limit)).map(runSummary);
  }

  async get(scope: ProjectScope, runId: string): Promise<Run> {
    return runView(await this.require(scope, runId));
  }

  /**
   * A waiting run is cancelled at once; an active one gets a cancellation request and its worker
   * stops at the next chunk (its generation is aborted, the previous outputs stay).
   */
  async cancel(scope: ProjectScope, runId: string): Promise<RunSummary> {
    const run = await this.require(scope, runId);
    if (isTerminal(run.state)) throw new AppError('CONFLICT', `run ${runId} already ${run.state}`);
    if (!(await this.scheduler.unqueue(scope, run.heuristicId, runId))) await this.cancels.request(scope.projectId, runId);
    return runSummary(await this.require(scope, runId));
  }

  private async require(scope: ProjectScope, runId: string): Promise<RunDoc> {
    const run = await this.runs.findById(scope, runId);
    if (!run) throw notFound('run', runId);
    return run;
  }
}
