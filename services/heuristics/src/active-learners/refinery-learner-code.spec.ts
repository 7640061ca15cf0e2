import { refineryLearnerConfig } from './refinery-learner-code.js';

// The two learners of refinery's clickbait sample, as the snapshot stores them.
const LR = `from sklearn.linear_model import LogisticRegression
# you can find further models here: https://scikit-learn.org/stable/supervised_learning.html#supervised-learning

class ATLClassifier(LearningClassifier):

    def __init__(self):
        self.model = LogisticRegression()

    @params_fit(
        embedding_name = "headline-classification-distilbert-base-uncased", # pick this from the options above
        train_test_split = 0.5 # we currently have this fixed, but you'll soon be able to specify this individually!
    )
    def fit(self, embeddings, labels):
        self.model.fit(embeddings, labels)

    @params_inference(
        min_confidence = 0.7,
        label_names = None # you can specify a list to filter the predictions (e.g. ["label-a", "label-b"])
    )
    def predict_proba(self, embeddings):
        return self.model.predict_proba(embeddings)
`;
const TREE = LR.replace('from sklearn.linear_model import LogisticRegression', 'from sklearn.model_selection import GridSearchCV\nfrom sklearn.tree import DecisionTreeClassifier')
  .replace('self.model = LogisticRegression()', 'params = {"criterion": ["gini", "entropy"], "max_depth": [5, 10, None]}\n        self.model = GridSearchCV(DecisionTreeClassifier(), params, cv=3)')
  .replace('min_confidence = 0.7', 'min_confidence = 0.6');

describe('refineryLearnerConfig', () => {
  it('maps the sample logistic regression with its embedding and min confidence', () => {
    expect(refineryLearnerConfig(LR)).toEqual({
      ok: true,
      config: { embedding: 'headline-classification-distilbert-base-uncased', model: 'logistic-regression', params: {}, minConfidence: 0.7 },
      notes: [],
    });
  });

  it('maps a grid-searched decision tree to one tree and says so', () => {
    const mapped = refineryLearnerConfig(TREE);
    expect(mapped).toMatchObject({ ok: true, config: { model: 'decision-tree', minConfidence: 0.6, params: {} } });
    expect(mapped.ok && mapped.notes[0]).toMatch(/GridSearchCV replaced/);
  });

  it('keeps the keyword arguments we have an equivalent for', () => {
    const code = LR.replace('LogisticRegression()', 'LogisticRegression(C=0.5, max_iter=300, solver="saga")');
    expect(refineryLearnerConfig(code)).toMatchObject({ ok: true, config: { params: { C: 0.5, maxIter: 300 } } });
    const knn = LR.replace('LogisticRegression()', 'KNeighborsClassifier(n_neighbors=7)');
    expect(refineryLearnerConfig(knn)).toMatchObject({ ok: true, config: { model: 'knn', params: { k: 7 } } });
  });

  it('names what it cannot map', () => {
    expect(refineryLearnerConfig(LR.replace('LogisticRegression()', 'RandomForestClassifier()'))).toEqual({
      ok: false,
      reason: expect.stringContaining('RandomForestClassifier'),
    });
    expect(refineryLearnerConfig(LR.replace('label_names = None', 'label_names = ["yes"]'))).toEqual({ ok: false, reason: expect.stringContaining('label_names') });
    expect(refineryLearnerConfig(LR.replace('embedding_name = "headline-classification-distilbert-base-uncased",', ''))).toEqual({
      ok: false,
      reason: expect.stringContaining('embedding_name'),
    });
  });
});
