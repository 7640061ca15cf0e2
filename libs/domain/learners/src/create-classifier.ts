import type { ActiveLearnerConfig } from './active-learner-config.js';
import type { Classifier } from './classifier.js';
import { DecisionTree } from './decision-tree.js';
import { KNearestNeighbors } from './knn.js';
import { LogisticRegression } from './logistic-regression.js';

/** The classifier a parsed configuration names, with its params. */
export function createClassifier(config: ActiveLearnerConfig): Classifier {
  switch (config.model) {
    case 'logistic-regression':
      return new LogisticRegression(config.params);
    case 'decision-tree':
      return new DecisionTree(config.params);
    case 'knn':
      return new KNearestNeighbors(config.params);
  }
}
