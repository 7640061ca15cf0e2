import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@refinery/server-core';
import type { HeuristicLanguage, LabelingTask, PreviewRecord, PreviewResult, RecordView } from '@refinery/contracts';
import type { RunResult } from '@refinery/sandbox';
import { RecordsClient } from '../access/records-client.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { LookupListsService } from '../lookup-lists/lookup-lists.service.js';
import { unknownLabelMessage, type SandboxOutput } from '../runs/label-outputs.js';
import { CodeExecutor } from '../sandbox/code-executor.service.js';
import { codePlan, sandboxRecord, type CodePlan } from '../sandbox/code-plan.js';
import { notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { RecordSampler } from './record-sampler.service.js';

export type CodeSource = { heuristicId: string } | { code: string; language: HeuristicLanguage; taskId: string };

/** Previews answer within the request's 30 s. */
const PREVIEW_WALL_MS = 20_000;

/** "Run on N" and the record IDE: the code on a few records, nothing stored. */
@Injectable()
export class PreviewService {
  constructor(
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(CodeExecutor) private readonly executor: CodeExecutor,
    @Inject(RecordSampler) private readonly sampler: RecordSampler,
  ) {}

  async runOnSample(scope: ProjectScope, source: CodeSource, n: number, seed: number | undefined): Promise<PreviewResult> {
    // The language decides whether tokens are needed: known at once for typed code, after a read for a stored heuristic.
    const code = await this.codeOf(scope, source);
    const [prepared, sample] = await Promise.all([this.prepare(scope, code), this.sampler.sample(scope, n, seed, code.language === 'python')]);
    return this.run(prepared.plan, prepared.task, sample);
  }

  async runOnRecord(scope: ProjectScope, source: CodeSource, recordId: string): Promise<PreviewResult> {
    const [prepared, record] = await Promise.all([this.prepare(scope, await this.codeOf(scope, source)), this.records.record(scope, recordId)]);
    return this.run(prepared.plan, prepared.task, [record]);
  }

  private async prepare(scope: ProjectScope, code: { code: string; language: HeuristicLanguage; taskId: string }): Promise<{ plan: CodePlan; task: LabelingTask }> {
    const [task, attributes, knowledge] = await Promise.all([this.records.task(scope, code.taskId), this.records.attributes(scope), this.lists.knowledge(scope)]);
    return { plan: codePlan(task, attributes, code.code, code.language, knowledge), task };
  }

  private async codeOf(scope: ProjectScope, source: CodeSource): Promise<{ code: string; language: HeuristicLanguage; taskId: string }> {
    if (!('heuristicId' in source)) return source;
    const h = await this.heuristics.findById(scope, source.heuristicId);
    if (!h) throw notFound('heuristic', source.heuristicId);
    if (h.language === null) throw new AppError('VALIDATION_FAILED', `heuristic "${h.name}" is an active learner: it has no code to try on records; run it instead`);
    return { code: h.code, language: h.language, taskId: h.taskId };
  }

  private async run(plan: CodePlan, task: LabelingTask, records: readonly RecordView[]): Promise<PreviewResult> {
    const t0 = performance.now();
    const result = await this.executor.execute(plan, records.map(sandboxRecord), { limits: { runWallMs: PREVIEW_WALL_MS } });
    return {
      codeError: result.status === 'code-error' ? (result.codeError ?? 'the code could not run') : null,
      records: records.map((r) => previewRecord(r, result, task, plan.targetAttribute)),
      logs: [...result.logs],
      durationMs: performance.now() - t0,
    };
  }
}

function previewRecord(record: RecordView, result: RunResult<SandboxOutput>, task: LabelingTask, target: string | undefined): PreviewRecord {
  const base = { recordId: record.id, data: record.data, labels: [] as string[], spans: [] as PreviewRecord['spans'] };
  const failure = result.failures.find((f) => f.recordId === record.id);
  if (failure) return { ...base, error: failure.message };
  const output = result.results.get(record.id);
  if (output === undefined) return { ...base, error: result.status === 'code-error' ? null : 'not run (the preview ran out of time)' };
  if (output === null) return { ...base, error: null };
  const known = new Set(task.labels.map((l) => l.name));
  const text = target ? record.data[target] : undefined;
  const labels: string[] = [];
  const spans: PreviewRecord['spans'] = [];
  for (const entry of typeof output === 'string' ? [output] : output) {
    if (typeof entry === 'string') labels.push(entry);
    else {
      const [label, start, end] = entry;
      spans.push({ label, start, end, text: typeof text === 'string' ? text.slice(start, end) : '' });
    }
  }
  const unknown = [...labels, ...spans.map((s) => s.label)].find((l) => !known.has(l));
  return { ...base, labels, spans, error: unknown === undefined ? null : unknownLabelMessage(task, unknown, record.id) };
}
