import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { AttributeName, DataType } from '../records/attributes.js';
import { EntityId, IsoDate } from '../records/common.js';
import { RecordData } from '../records/records.js';
import { HeuristicCode, HeuristicLanguage } from './common.js';

/**
 * A computed attribute ("add new attributes by writing them as python functions"): `ac(record)`
 * returns a value of `dataType`, strictly checked. Tried with "run on N", then "run on all"
 * (`run`): the values become the attribute `name` in records (origin COMPUTED, TEXT tokenized).
 */
export const AttributeCalculation = z.object({
  id: EntityId,
  /** The attribute it will become in records (not taken by an existing attribute). */
  name: z.string(),
  dataType: DataType,
  language: HeuristicLanguage,
  code: z.string(),
  createdBy: z.string(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type AttributeCalculation = z.infer<typeof AttributeCalculation>;

const CalculationRef = z.object({ calculationId: EntityId });

/**
 * `queued` → `running` → `succeeded` | `failed`. Only `succeeded` changes the attribute in
 * records; a failed run leaves the previous values in force.
 */
export const CalculationRunState = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type CalculationRunState = z.infer<typeof CalculationRunState>;

export const CalculationRunCounts = z.object({
  /** Records read from records. */
  records: z.number().int().nonnegative(),
  /** Records that got a value. */
  values: z.number().int().nonnegative(),
  /** Records for which `ac` returned null / None (the attribute is null there). */
  nulls: z.number().int().nonnegative(),
});
export type CalculationRunCounts = z.infer<typeof CalculationRunCounts>;

export const CalculationRunSummary = z.object({
  id: EntityId,
  calculationId: EntityId,
  /** The attribute in records, once the run has opened it. */
  attributeId: EntityId.nullable(),
  state: CalculationRunState,
  counts: CalculationRunCounts,
  /** Why the run failed: the code, or the first record it failed on (named), or records' answer. */
  error: z.string().nullable(),
  createdAt: IsoDate,
  startedAt: IsoDate.nullable(),
  finishedAt: IsoDate.nullable(),
  durationMs: z.number().nonnegative().nullable(),
});
export type CalculationRunSummary = z.infer<typeof CalculationRunSummary>;

export const CalculationRun = CalculationRunSummary.extend({
  /** The calculation as it was when the run was asked for. */
  name: z.string(),
  dataType: DataType,
  language: HeuristicLanguage,
  code: z.string(),
  createdBy: z.string(),
  /** `print` / `console.log` output, bounded. */
  logs: z.array(z.string()),
});
export type CalculationRun = z.infer<typeof CalculationRun>;

export const CalculationPreview = z.object({
  codeError: z.string().nullable(),
  records: z.array(
    z.object({
      recordId: EntityId,
      data: RecordData,
      /** The computed value; null = no value (or the record failed: see `error`). */
      value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
      error: z.string().nullable(),
    }),
  ),
  logs: z.array(z.string()),
  durationMs: z.number().nonnegative(),
});
export type CalculationPreview = z.infer<typeof CalculationPreview>;

export const AttributeCalculationSubjects = {
  /** The name must not be an attribute of the project already, nor another calculation's (CONFLICT). */
  create: defineRequest(
    'heuristics.attribute-calculations.create.v1',
    z.object({ name: AttributeName, dataType: DataType, language: HeuristicLanguage, code: HeuristicCode }),
    AttributeCalculation,
  ),
  list: defineRequest('heuristics.attribute-calculations.list.v1', z.object({}).strict(), z.object({ calculations: z.array(AttributeCalculation) })),
  get: defineRequest('heuristics.attribute-calculations.get.v1', CalculationRef, AttributeCalculation),
  update: defineRequest(
    'heuristics.attribute-calculations.update.v1',
    CalculationRef.extend({ dataType: DataType.optional(), language: HeuristicLanguage.optional(), code: HeuristicCode.optional() }),
    AttributeCalculation,
  ),
  delete: defineRequest('heuristics.attribute-calculations.delete.v1', CalculationRef, z.object({ deleted: z.literal(true) })),
  /** "Run on N" of a stored calculation or of typed code: values per record, nothing stored. */
  runOnSample: defineRequest(
    'heuristics.attribute-calculations.run-on-sample.v1',
    z.object({
      source: z.union([CalculationRef.strict(), z.object({ code: HeuristicCode, language: HeuristicLanguage, dataType: DataType }).strict()]),
      n: z.number().int().min(1).max(100).default(10),
      seed: z.number().int().nonnegative().optional(),
    }),
    CalculationPreview,
    30_000,
  ),
  /**
   * "Run on all": a job runs `ac` on every record and writes the values as the attribute `name`
   * (records.attribute-values.replace.v1); a re-run replaces them. Any record the code fails on
   * (throw, wrong type, limits) fails the run, naming the record. CONFLICT while a run of the
   * same calculation is queued or running.
   */
  run: defineRequest('heuristics.attribute-calculations.run.v1', CalculationRef, CalculationRunSummary, 15_000),
  /** Runs of one calculation, newest first. */
  runs: defineRequest(
    'heuristics.attribute-calculations.runs.v1',
    CalculationRef.extend({ limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ runs: z.array(CalculationRunSummary) }),
  ),
  getRun: defineRequest('heuristics.attribute-calculations.get-run.v1', z.object({ runId: EntityId }), CalculationRun),
} as const;

export const CalculationEvents = {
  progress: defineEvent(
    'heuristics.attribute-calculations.progress.v1',
    z.object({ projectId: EntityId, runId: EntityId, calculationId: EntityId, done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  ),
  /** A run ended; after `succeeded` the attribute and its values are in records. */
  finished: defineEvent('heuristics.attribute-calculations.finished.v1', z.object({ projectId: EntityId, run: CalculationRunSummary })),
} as const;
