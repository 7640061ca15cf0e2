import { z } from 'zod';
import { LearnerError, LearnerErrorCode } from './learner-error.js';

export const logisticRegressionParamsSchema = z.strictObject({
  /** inverse L2 strength, scikit-learn's meaning: minimise C·Σ cross-entropy + ½‖W‖² */
  C: z.number().positive().default(1),
  /** L-BFGS iterations */
  maxIter: z.int().min(1).max(10_000).default(100),
  /** stop when the largest gradient entry (of the per-sample objective) falls below */
  tol: z.number().positive().default(1e-4),
  /**
   * fit on standardised features (z-scores of the training rows), so C means the same for
   * tf-idf-PCA vectors (|x| ≈ 0.1) and transformer vectors (|x| ≈ 1–10); false = scikit-learn
   */
  standardize: z.boolean().default(true),
});

export const decisionTreeParamsSchema = z.strictObject({
  maxDepth: z.int().min(1).max(64).default(8),
  minSamplesLeaf: z.int().min(1).default(5),
  minSamplesSplit: z.int().min(2).default(2),
});

export const knnParamsSchema = z.strictObject({
  k: z.int().min(1).default(5),
  metric: z.enum(['cosine', 'euclidean']).default('euclidean'),
  /** `distance`: votes weighted by 1 / distance (an exact match takes all) */
  weights: z.enum(['uniform', 'distance']).default('uniform'),
});

export type LogisticRegressionParams = z.output<typeof logisticRegressionParamsSchema>;
export type DecisionTreeParams = z.output<typeof decisionTreeParamsSchema>;
export type KnnParams = z.output<typeof knnParamsSchema>;

/** Parses params with a schema; errors name the model and every field at fault. */
export function parseParams<S extends z.ZodType>(
  model: string,
  schema: S,
  params: unknown,
): z.output<S> {
  const res = schema.safeParse(params ?? {});
  if (!res.success) {
    throw new LearnerError(
      LearnerErrorCode.InvalidParams,
      `invalid ${model} params: ${z.prettifyError(res.error).replace(/\n/g, '; ')}`,
    );
  }
  return res.data;
}
