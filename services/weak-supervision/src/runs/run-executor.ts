import { Inject, Injectable } from '@nestjs/common';
import {
  WeakSupervisionRunEvents,
  type ErrorBody,
  type WsQualityReport,
  type WsRunPhase,
  type WsRunSummary,
} from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, OnJob, EventPublisher } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import type { z } from 'zod';
import { TaskMatrixReader } from '../matrix/task-matrix.reader.js';
import { referenceRecordCount, selectTaskHeuristics, type TaskData } from '../matrix/task-data.js';
import { isCallerError } from '../shared/errors.js';
import { trustedProjectId, type ProjectScope } from '../shared/project-scope.js';
import { HeuristicsClient } from '../shared/heuristics-client.js';
import { RecordsClient } from '../shared/records-client.js';
import type { WeakSupervisionConfig } from '../shared/weak-supervision-config.js';
import { StatisticsService } from '../statistics/statistics.service.js';
import { RunWeakSupervisionJob } from './jobs/run-weak-supervision.job.js';
import type { RunDoc } from './run.schema.js';
import { RunRepository } from './run.repository.js';
import { recordsWithSpans, toBulkItems, weakLabels, type WeakLabels } from './weak-labels.js';

type Payload = z.infer<typeof RunWeakSupervisionJob.payload>;

/**
 * The run job: read the task's label matrix from records, fit and predict with the chosen label
 * model, evaluate it on held-out reference labels, replace the task's WEAK_SUPERVISION labels in
 * one records generation, refresh the statistics, keep the summary. Progress is published per
 * phase and page.
 */
@Injectable()
export class RunExecutor {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(HeuristicsClient) private readonly heuristics: HeuristicsClient,
    @Inject(TaskMatrixReader) private readonly reader: TaskMatrixReader,
    @Inject(StatisticsService) private readonly statistics: StatisticsService,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: WeakSupervisionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(RunWeakSupervisionJob)
  async run(payload: Payload, ctx: JobContext): Promise<{ runId: string; state: string }> {
    // Checked when the run was started; the run document itself carries the scope.
    const projectId = trustedProjectId(payload.projectId);
    const run = await this.runs.findById(projectId, payload.runId);
    if (!run) return { runId: payload.runId, state: 'GONE' }; // the project was deleted meanwhile
    if (run.state === 'COMPLETED' || run.state === 'FAILED') return { runId: run._id, state: run.state };
    const scope: ProjectScope = { projectId, actor: run.actor };
    await this.runs.update(projectId, run._id, { state: 'RUNNING', startedAt: new Date() });
    try {
      return { runId: run._id, state: await this.execute(scope, run, ctx) };
    } catch (error) {
      if (!isCallerError(error) && ctx.attempt < RunWeakSupervisionJob.attempts) {
        this.logger.warn({ runId: run._id, attempt: ctx.attempt, err: String(error) }, 'weak-supervision run failed; retrying');
        throw error;
      }
      const body: ErrorBody =
        error instanceof AppError ? error.toBody() : { code: 'INTERNAL', message: `weak-supervision run failed: ${error instanceof Error ? error.message : String(error)}` };
      await this.runs.update(projectId, run._id, { state: 'FAILED', finishedAt: new Date(), error: body });
      this.events.publish(
        WeakSupervisionRunEvents.finished,
        projectId,
        { projectId, runId: run._id, taskId: run.taskId, state: 'FAILED', summary: null, error: body },
        run.actor,
      );
      this.logger.warn({ runId: run._id, code: body.code, err: body.message }, 'weak-supervision run failed');
      return { runId: run._id, state: 'FAILED' };
    }
  }

  private async execute(scope: ProjectScope, run: RunDoc, ctx: JobContext): Promise<'COMPLETED'> {
    const t0 = performance.now();
    const phasesMs: Record<string, number> = {};
    const progress = async (phase: WsRunPhase, done: number, total: number): Promise<void> => {
      await ctx.progress({ phase, done, total });
      this.events.publish(WeakSupervisionRunEvents.progress, scope.projectId, { projectId: scope.projectId, runId: run._id, taskId: run.taskId, phase, done, total }, run.actor);
    };
    const params = run.parameters;

    let t = performance.now();
    const task = await this.records.task(scope, params.taskId);
    const readAt = new Date();
    const [all, learnerTraining] = await Promise.all([
      this.reader.read(scope, task, (done, total) => progress('reading', done, total)),
      this.heuristics.learnerTraining(scope, params.taskId),
    ]);
    phasesMs['reading'] = ms(t);

    await progress('fitting', 0, 1);
    const chosen = selectTaskHeuristics(all, params.heuristicIds);
    const labels = weakLabels(chosen, {
      model: params.model,
      activeLearnerSourceIds: params.activeLearnerSourceIds,
      learnerTraining,
      includeUncovered: params.includeUncovered,
      folds: this.config.WS_QUALITY_FOLDS,
    });
    phasesMs['fitting'] = round(labels.fitMs);

    t = performance.now();
    await progress('writing', 0, labels.items.length);
    const spanRecords = recordsWithSpans(labels.items);
    const items = toBulkItems(labels.items, spanRecords.length ? await this.reader.tokens(scope, task, spanRecords) : undefined);
    // CPU work (the quality report fold by fold, the statistics) runs while the pages are with records.
    const [written, quality] = await Promise.all([
      this.records.replaceWeakLabels(scope, task.id, items, (n) => progress('writing', n, items.length)),
      this.evaluate(run, labels.quality, phasesMs),
      this.refreshStatistics(scope, run, all, readAt, phasesMs).then(() => progress('statistics', 1, 1)),
    ]);
    phasesMs['writing'] = ms(t);

    const summary: WsRunSummary = {
      records: all.recordIds.length,
      covered: labels.covered,
      written,
      referenceRecords: referenceRecordCount(all),
      heuristicIds: [...chosen.heuristicIds],
      distribution: labels.distribution,
      meanConfidence: labels.meanConfidence,
      aggregator: labels.aggregator,
      durationMs: ms(t0),
      phasesMs,
    };
    await this.runs.update(scope.projectId, run._id, { state: 'COMPLETED', finishedAt: new Date(), summary, quality, error: null });
    this.events.publish(
      WeakSupervisionRunEvents.finished,
      scope.projectId,
      { projectId: scope.projectId, runId: run._id, taskId: run.taskId, state: 'COMPLETED', summary, error: null },
      run.actor,
    );
    this.logger.info({ runId: run._id, taskId: run.taskId, written, durationMs: summary.durationMs, phasesMs }, 'weak-supervision run completed');
    return 'COMPLETED';
  }

  /** The statistics from the matrix the run read; they do not depend on the weak labels. */
  private async refreshStatistics(scope: ProjectScope, run: RunDoc, data: TaskData, readAt: Date, phasesMs: Record<string, number>): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const t = performance.now();
    try {
      await this.statistics.compute(scope, { taskId: run.taskId, trigger: 'run', activeLearnerSourceIds: run.parameters.activeLearnerSourceIds, matrix: { value: data, readAt } });
    } catch (error) {
      // Stale statistics are recomputed on the next change; the labels matter more.
      this.logger.warn({ runId: run._id, err: String(error) }, 'statistics after the run failed');
    } finally {
      phasesMs['statistics'] = ms(t);
    }
  }

  /** Iterates the quality report with a turn of the event loop between folds; a failure only loses the report. */
  private async evaluate(run: RunDoc, quality: WeakLabels['quality'], phasesMs: Record<string, number>): Promise<WsQualityReport | null> {
    if (!quality) return null;
    let spent = 0;
    try {
      const steps = quality();
      for (;;) {
        const t = performance.now();
        const step = steps.next();
        spent += performance.now() - t;
        if (step.done) return step.value;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.logger.warn({ runId: run._id, err: String(error) }, 'quality report failed; the run goes on without it');
      return null;
    } finally {
      phasesMs['evaluating'] = round(spent);
    }
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function ms(t0: number): number {
  return round(performance.now() - t0);
}
