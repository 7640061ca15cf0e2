import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { CalculationEvents, type CalculationRunCounts, type RecordValue } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, OnJob, EventPublisher } from '@refinery/server-kit';
import type { JobContext } from '@refinery/server-queue';
import { RecordsClient } from '../access/records-client.js';
import { LookupListsService } from '../lookup-lists/lookup-lists.service.js';
import { readAhead } from '../runs/read-ahead.js';
import { recordChunks } from '../runs/record-chunks.js';
import { RunLog } from '../runs/run-log.js';
import { RunSlotRepository } from '../runs/run-slot.repository.js';
import { CodeExecutor } from '../sandbox/code-executor.service.js';
import { sandboxRecord } from '../sandbox/code-plan.js';
import { messageOf } from '../shared/errors.js';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import { trustedScope, type ProjectScope } from '../shared/project-scope.js';
import { calculationRunSummary, CalculationRunRepository } from './calculation-run.repository.js';
import type { CalculationRunDoc } from './calculation-run.schema.js';
import { calculationSlot, isCalculationRunOver } from './calculation-runs.service.js';
import { RunCalculationJob } from './jobs/run-calculation.job.js';
import { ValueWriter } from './value-writer.js';

/** Records per sandbox call (as for labeling functions). */
const CHUNK = { javascript: 4_000, typescript: 4_000, python: 2_000 } as const;

/** Ends a calculation run with a reason (code error, a record it failed on, wall time). */
class CalculationFailed extends Error {}

/**
 * The "run on all" job of a computed attribute: opens a new generation of the attribute in
 * records, runs `ac` on every record in chunks in the warm sandbox, streams the values (checked
 * against the declared type by the sandbox, again by records) and commits — or aborts, leaving
 * the previous values (or no attribute) in force. Unlike a labeling function, a record the code
 * fails on fails the whole run: an attribute with silently missing values is worse than none.
 */
@Injectable()
export class CalculationRunExecutor {
  constructor(
    @Inject(CalculationRunRepository) private readonly runs: CalculationRunRepository,
    @Inject(RunSlotRepository) private readonly slots: RunSlotRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(CodeExecutor) private readonly executor: CodeExecutor,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnJob(RunCalculationJob)
  async handle(payload: z.infer<typeof RunCalculationJob.payload>, ctx: JobContext): Promise<{ state: string }> {
    const scope = trustedScope(payload.projectId, payload.orgId, payload.actor);
    const run = await this.runs.findById(scope, payload.runId);
    if (!run) return { state: 'missing' };
    if (!isCalculationRunOver(run.state)) await this.execute(scope, run, ctx);
    await this.slots.release('active', calculationSlot(run.calculationId), run._id);
    return { state: (await this.runs.findById(scope, run._id))?.state ?? 'missing' };
  }

  private async execute(scope: ProjectScope, run: CalculationRunDoc, ctx: JobContext): Promise<void> {
    if (run.generation !== null && run.attributeId !== null) await this.abort(scope, run, run.attributeId, run.generation);
    const startedAt = new Date();
    await this.runs.update(scope, run._id, { state: 'running', startedAt });
    const log = new RunLog(this.config.HEURISTICS_MAX_LOG_LINES);
    const counts: CalculationRunCounts = { records: 0, values: 0, nulls: 0 };
    let error: string | null = null;
    let attributeId: string | null = null;
    try {
      attributeId = await this.calculate(scope, run, log, counts, ctx);
    } catch (e) {
      error = messageOf(e);
      if (!(e instanceof CalculationFailed)) this.logger.warn({ runId: run._id, err: error }, 'calculation run failed');
    }
    const finishedAt = new Date();
    const set = {
      state: error === null ? ('succeeded' as const) : ('failed' as const),
      error,
      counts,
      logs: error === null ? log.toArray() : [...log.toArray(), `run failed: ${error}`],
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(attributeId === null ? {} : { attributeId }),
    };
    await this.runs.update(scope, run._id, set);
    this.events.publish(CalculationEvents.finished, scope.projectId, { projectId: scope.projectId, run: calculationRunSummary({ ...run, ...set, startedAt }) }, scope.actor);
  }

  /** The whole run; returns the attribute's id once its values are committed. */
  private async calculate(scope: ProjectScope, run: CalculationRunDoc, log: RunLog, counts: CalculationRunCounts, ctx: JobContext): Promise<string> {
    const [attributes, knowledge] = await Promise.all([this.records.attributes(scope), this.lists.knowledge(scope)]);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const begun = await this.records.replaceValues(scope, { step: 'begin', name: run.name, dataType: run.dataType });
    const ref = { attributeId: begun.attributeId, generation: begun.generation };
    await this.runs.update(scope, run._id, ref);
    try {
      const writer = new ValueWriter(this.records, scope, ref);
      const wallMs = this.config.HEURISTICS_RUN_WALL_S * 1_000;
      const deadline = Date.now() + wallMs;
      const withTokens = run.language === 'python' && textAttributes.length > 0;
      const input = { code: run.code, language: run.language, attributeType: run.dataType, textAttributes, knowledge };
      for await (const chunk of readAhead(recordChunks(this.records, scope, CHUNK[run.language], withTokens))) {
        const result = await this.executor.executeAttribute(input, chunk.records.map(sandboxRecord), { limits: { runWallMs: Math.max(1, deadline - Date.now()) } });
        log.push(...result.logs);
        if (result.status === 'code-error') throw new CalculationFailed(result.codeError ?? 'the code could not run');
        const [first, ...more] = result.failures;
        if (first) throw new CalculationFailed(more.length ? `${first.message} (and ${more.length} more record(s) in the same chunk)` : first.message);
        if (result.status !== 'ok') throw new CalculationFailed(`the run went over its wall time of ${wallMs / 1_000} s after ${counts.records + result.stats.succeeded} records`);
        for (const record of chunk.records) {
          const value = result.results.get(record.id);
          if (value === undefined || value === null) {
            counts.nulls++;
            continue;
          }
          counts.values++;
          await writer.add(record.id, recordValue(value));
        }
        counts.records += chunk.records.length;
        this.events.publish(CalculationEvents.progress, scope.projectId, { projectId: scope.projectId, runId: run._id, calculationId: run.calculationId, done: counts.records, total: chunk.total });
        await ctx.progress({ done: counts.records, total: chunk.total });
      }
      await writer.flush();
      await this.records.replaceValues(scope, { step: 'commit', ...ref });
      return begun.attributeId;
    } catch (error) {
      await this.abort(scope, run, ref.attributeId, ref.generation);
      throw error;
    }
  }

  /** Not fatal when it fails: an uncommitted generation is invisible, and the next `begin` supersedes it. */
  private async abort(scope: ProjectScope, run: CalculationRunDoc, attributeId: string, generation: number): Promise<void> {
    await this.records.replaceValues(scope, { step: 'abort', attributeId, generation }).catch((error: unknown) => {
      this.logger.warn({ runId: run._id, err: messageOf(error) }, 'aborting the generation of a failed calculation run failed');
    });
  }
}

function recordValue(value: string | number | boolean | readonly string[]): RecordValue {
  return typeof value === 'object' ? [...value] : value;
}
