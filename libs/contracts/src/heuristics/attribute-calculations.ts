import { z } from 'zod';
import { defineRequest } from '../message.js';
import { AttributeName, DataType } from '../records/attributes.js';
import { EntityId, IsoDate } from '../records/common.js';
import { RecordData } from '../records/records.js';
import { HeuristicCode, HeuristicLanguage } from './common.js';

/**
 * A computed attribute ("add new attributes by writing them as python functions"): `ac(record)`
 * returns a value of `dataType`, strictly checked. Tried with "run on N"; running it on every
 * record needs records to accept attribute values (see the service README).
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
} as const;
