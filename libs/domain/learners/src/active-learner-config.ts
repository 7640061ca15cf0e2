import { z } from 'zod';
import { LearnerError, LearnerErrorCode } from './learner-error.js';
import {
  decisionTreeParamsSchema,
  knnParamsSchema,
  logisticRegressionParamsSchema,
} from './params.js';

export const ACTIVE_LEARNER_MODELS = ['logistic-regression', 'decision-tree', 'knn'] as const;
export type ActiveLearnerModel = (typeof ACTIVE_LEARNER_MODELS)[number];
export const DEFAULT_MIN_CONFIDENCE = 0.8;

const common = {
  /** embedding name, `<attribute>-classification-<model>` */
  embedding: z.string().trim().min(1),
  /** predictions below this probability are dropped; refinery's default 0.8 */
  minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE),
};

const variants = z.discriminatedUnion('model', [
  z.strictObject({
    ...common,
    model: z.literal('logistic-regression'),
    params: logisticRegressionParamsSchema.prefault({}),
  }),
  z.strictObject({
    ...common,
    model: z.literal('decision-tree'),
    params: decisionTreeParamsSchema.prefault({}),
  }),
  z.strictObject({ ...common, model: z.literal('knn'), params: knnParamsSchema.prefault({}) }),
]);

/**
 * An active learner's configuration (JSON), e.g.
 * `{"embedding": "headline-classification-distilbert-base-uncased", "model": "decision-tree",
 * "params": {"maxDepth": 5}, "minConfidence": 0.9}`. `model` defaults to logistic regression,
 * every param to its model's default; unknown fields are rejected.
 */
export const activeLearnerConfigSchema = z.preprocess(
  (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !('model' in v)
      ? { ...v, model: 'logistic-regression' }
      : v,
  variants,
);

export type ActiveLearnerConfig = z.output<typeof activeLearnerConfigSchema>;
export type ActiveLearnerConfigInput = z.input<typeof variants>;

/** Validates a configuration; the error lists every field at fault. */
export function parseActiveLearnerConfig(input: unknown): ActiveLearnerConfig {
  const res = activeLearnerConfigSchema.safeParse(input);
  if (!res.success) {
    throw new LearnerError(
      LearnerErrorCode.InvalidParams,
      `invalid active learner config: ${z.prettifyError(res.error).replace(/\n/g, '; ')}`,
    );
  }
  return res.data;
}
