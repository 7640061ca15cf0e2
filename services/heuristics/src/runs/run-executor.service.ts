import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { RunEvents, type LabelingTask, type RecordView } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, OnJob, EventPublisher } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import { RecordsClient } from '../access/records-client.js';
import { ActiveLearnerRun } from '../active-learners/active-learner-run.js';
import { LookupListsService } from '../lookup-lists/lookup-lists.service.js';
import { codePlan, sandboxRecord, type CodePlan } from '../sandbox/code-plan.js';
import { CodeExecutor } from '../sandbox/code-executor.service.js';
import { messageOf } from '../shared/errors.js';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import { trustedScope, type ProjectScope } from '../shared/project-scope.js';
import { RunHeuristicJob } from './jobs/run-heuristic.job.js';
import { LabelOutputs } from './label-outputs.js';
import { LastRunRepository } from './last-run.repository.js';
import { OutputWriter } from './output-writer.js';
import { readAhead } from './read-ahead.js';
import { recordChunks } from './record-chunks.js';
import { RunLog } from './run-log.js';
import { RunCancelRepository } from './run-cancel.repository.js';
import { RunStop, type RunOutcome } from './run-outcome.js';
import { isTerminal, RunScheduler } from './run-scheduler.service.js';
import { NO_COUNTS, runSummary } from './run-view.js';
import { RunRepository } from './run.repository.js';
import type { RunDoc } from './run.schema.js';

/** Records per sandbox call: large enough to amortize a run's setup, small enough to pipeline. */
const CHUNK = { javascript: 4_000, typescript: 4_000, python: 2_000 } as const;

/** How often a running job looks for a cancellation request. */
const CANCEL_POLL_MS = 250;

/**
 * The run job: reads the records in pages, runs the code in chunks in the warm sandbox, checks
 * every label against the task, streams the outputs into a new generation in records and
 * commits it — or aborts it, leaving the previous outputs in force.
 */
@Injectable()
export class RunExecutor {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(RunCancelRepository) private readonly cancels: RunCancelRepository,
    @Inject(LastRunRepository) private readonly lastRuns: LastRunRepository,
    @Inject(RunScheduler) private readonly scheduler: RunScheduler,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(CodeExecutor) private readonly executor: CodeExecutor,
    @Inject(ActiveLearnerRun) private readonly learners: ActiveLearnerRun,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(RunHeuristicJob)
  async handle(payload: z.infer<typeof RunHeuristicJob.payload>, ctx: JobContext): Promise<{ state: string }> {
    const scope = trustedScope(payload.projectId, payload.orgId, payload.actor);
    const run = await this.runs.findById(scope, payload.runId);
    if (!run) return { state: 'missing' };
    if (isTerminal(run.state)) {
      await this.scheduler.release(scope, run.heuristicId, run._id);
      return { state: run.state };
    }
    const startedAt = new Date();
    await this.runs.update(scope, run._id, { state: 'running', startedAt });
    const log = new RunLog(this.config.HEURISTICS_MAX_LOG_LINES);
    const counts = { ...NO_COUNTS };
    let outcome: RunOutcome;
    try {
      if (await this.cancels.requested(run._id)) throw new RunStop('cancelled', 'cancelled before it started');
      await this.execute(scope, run, log, counts, ctx);
      outcome = { state: 'succeeded', error: null, counts };
    } catch (error) {
      outcome = error instanceof RunStop ? { state: error.state, error: error.message, counts } : { state: 'failed', error: messageOf(error), counts };
      if (!(error instanceof RunStop)) this.logger.warn({ runId: run._id, err: messageOf(error) }, 'heuristic run failed');
    }
    await this.finish(scope, run, startedAt, outcome, log);
    await this.scheduler.release(scope, run.heuristicId, run._id);
    return { state: outcome.state };
  }

  private async execute(scope: ProjectScope, run: RunDoc, log: RunLog, counts: RunOutcome['counts'], ctx: JobContext): Promise<void> {
    if (run.kind === 'ACTIVE_LEARNER') {
      const task = await this.records.task(scope, run.taskId);
      let trainRecordIds: string[] = [];
      await this.inGeneration(scope, run, counts, async (writer) => {
        ({ trainRecordIds } = await this.learners.execute(scope, run.code, task, writer, log, counts));
      });
      await this.runs.update(scope, run._id, { trainRecordIds });
      return;
    }
    const [task, attributes, knowledge] = await Promise.all([
      this.records.task(scope, run.taskId),
      this.records.attributes(scope),
      this.lists.knowledge(scope),
    ]);
    if (run.language === null) throw new RunStop('failed', 'the run has no language (not a labeling function)');
    const plan = codePlan(task, attributes, run.code, run.language, knowledge);
    await this.inGeneration(scope, run, counts, (writer) =>
      this.watchingCancel(run._id, (signal) => this.runChunks(scope, run, plan, task, writer, log, counts, ctx, signal)),
    );
  }

  /**
   * Streams the outputs `produce` writes into a new generation of the heuristic's outputs and
   * commits it, or aborts it (the previous outputs stay in force) when anything fails.
   */
  private async inGeneration(scope: ProjectScope, run: RunDoc, counts: RunOutcome['counts'], produce: (writer: OutputWriter) => Promise<void>): Promise<void> {
    const ref = { source: 'HEURISTIC' as const, sourceId: run.heuristicId, taskId: run.taskId };
    const { generation } = await this.records.replaceSource(scope, { ...ref, step: 'begin' });
    try {
      const writer = new OutputWriter(this.records, scope, { ...ref, generation });
      await produce(writer);
      await writer.flush();
      if (await this.cancels.requested(run._id)) throw new RunStop('cancelled', `cancelled after ${counts.records} records`);
      counts.outputs = (await this.records.replaceSource(scope, { ...ref, step: 'commit', generation })).count;
    } catch (error) {
      await this.records.replaceSource(scope, { ...ref, step: 'abort', generation }).catch((abortError: unknown) => {
        // Not fatal: the uncommitted generation is invisible and the next begin supersedes it.
        this.logger.warn({ runId: run._id, err: messageOf(abortError) }, 'aborting the generation of a failed run failed');
      });
      throw error;
    }
  }

  private async runChunks(
    scope: ProjectScope,
    run: RunDoc,
    plan: CodePlan,
    task: LabelingTask,
    writer: OutputWriter,
    log: RunLog,
    counts: RunOutcome['counts'],
    ctx: JobContext,
    signal: AbortSignal,
  ): Promise<void> {
    const outputs = new LabelOutputs(task);
    const target = plan.targetAttribute;
    const wallMs = this.config.HEURISTICS_RUN_WALL_S * 1_000;
    const deadline = Date.now() + wallMs;
    // Python builds its documents from the tokens records stored (no second tokenization here).
    const withTokens = plan.language === 'python' && plan.textAttributes.length > 0;
    for await (const chunk of readAhead(recordChunks(this.records, scope, CHUNK[plan.language], withTokens))) {
      if (signal.aborted) throw new RunStop('cancelled', `cancelled after ${counts.records} records`);
      const remaining = deadline - Date.now();
      const result = await this.executor.execute(plan, chunk.records.map(sandboxRecord), { limits: { runWallMs: Math.max(1, remaining) }, signal });
      if (result.status === 'code-error') throw new RunStop('failed', result.codeError ?? 'the code could not run');
      if (result.status === 'cancelled') throw new RunStop('cancelled', `cancelled after ${counts.records + result.stats.succeeded + result.stats.failed} records`);
      counts.records += chunk.records.length;
      counts.failed += result.stats.failed;
      counts.notRun += result.stats.notRun;
      log.push(...result.logs, ...result.failures.map((f) => f.message));
      const texts = target ? textsOf(chunk.records, target) : null;
      for (const [recordId, output] of result.results) {
        if (output === null) {
          counts.abstained++;
          continue;
        }
        const mapped = outputs.items(recordId, output, texts?.get(recordId) ?? null);
        if (mapped.unknown) throw new RunStop('failed', mapped.unknown.message);
        if (mapped.droppedSpans) log.push(`[record ${recordId}] ${mapped.droppedSpans} span(s) covering only whitespace dropped`);
        if (mapped.items.length === 0) {
          counts.abstained++;
          continue;
        }
        counts.hits++;
        await writer.add(mapped.items);
      }
      if (result.status === 'wall-time-exceeded') throw new RunStop('failed', `the run went over its wall time of ${wallMs / 1_000} s after ${counts.records - counts.notRun} records`);
      this.events.publish(RunEvents.progress, scope.projectId, { projectId: scope.projectId, runId: run._id, heuristicId: run.heuristicId, done: counts.records, total: chunk.total });
      await ctx.progress({ done: counts.records, total: chunk.total });
    }
  }

  /**
   * Runs `work` with a signal that fires when the run's cancellation is requested (polled: the
   * request may reach any replica), so the sandbox stops between batches or single-record reruns.
   */
  private async watchingCancel(runId: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    let polling = false;
    const timer = setInterval(() => {
      if (polling || controller.signal.aborted) return;
      polling = true;
      this.cancels
        .requested(runId)
        .then((yes) => yes && controller.abort())
        .catch(() => undefined)
        .finally(() => (polling = false));
    }, CANCEL_POLL_MS);
    try {
      await work(controller.signal);
    } finally {
      clearInterval(timer);
    }
  }

  private async finish(scope: ProjectScope, run: RunDoc, startedAt: Date, outcome: RunOutcome, log: RunLog): Promise<void> {
    const finishedAt = new Date();
    const set = {
      state: outcome.state,
      error: outcome.error,
      counts: outcome.counts,
      logs: outcome.error ? [...log.toArray(), `run ${outcome.state}: ${outcome.error}`] : log.toArray(),
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
    await this.runs.update(scope, run._id, set);
    const summary = runSummary({ ...run, ...set, startedAt });
    await this.lastRuns.set(scope.projectId, run.heuristicId, summary);
    this.events.publish(RunEvents.finished, scope.projectId, { projectId: scope.projectId, run: summary }, scope.actor);
  }
}

/** Extraction: the target text of each record, to check spans against. */
function textsOf(records: readonly RecordView[], attribute: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) {
    const value = r.data[attribute];
    if (typeof value === 'string') out.set(r.id, value);
  }
  return out;
}
