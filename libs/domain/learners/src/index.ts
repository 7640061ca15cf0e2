export { LearnerError, LearnerErrorCode } from './learner-error.js';
export type { Classifier } from './classifier.js';
export { LogisticRegression } from './logistic-regression.js';
export { DecisionTree } from './decision-tree.js';
export { KNearestNeighbors } from './knn.js';
export { lbfgs } from './lbfgs.js';
export type { LbfgsOptions, LbfgsResult } from './lbfgs.js';
export {
  decisionTreeParamsSchema,
  knnParamsSchema,
  logisticRegressionParamsSchema,
} from './params.js';
export type { DecisionTreeParams, KnnParams, LogisticRegressionParams } from './params.js';
export {
  ACTIVE_LEARNER_MODELS,
  activeLearnerConfigSchema,
  DEFAULT_MIN_CONFIDENCE,
  parseActiveLearnerConfig,
} from './active-learner-config.js';
export type {
  ActiveLearnerConfig,
  ActiveLearnerConfigInput,
  ActiveLearnerModel,
} from './active-learner-config.js';
export { createClassifier } from './create-classifier.js';
export { runActiveLearner } from './active-learner.js';
export type { ActiveLearnerInput, ActiveLearnerResult } from './active-learner.js';
export { argmaxRow } from './validate.js';
