import type { ActiveLearnerConfigJson } from '@refinery/contracts';

/** A refinery active learner's Python class read as our configuration, or why it cannot be. */
export type RefineryLearnerMapping = { readonly ok: true; readonly config: ActiveLearnerConfigJson; readonly notes: string[] } | { readonly ok: false; readonly reason: string };

const CLASSIFIERS: readonly { readonly pattern: RegExp; readonly model: string; readonly params: (args: string) => Record<string, unknown> }[] = [
  { pattern: /\bLogisticRegression\s*\(([^)]*)\)/, model: 'logistic-regression', params: (a) => pick(a, { C: 'C', max_iter: 'maxIter', tol: 'tol' }) },
  { pattern: /\bDecisionTreeClassifier\s*\(([^)]*)\)/, model: 'decision-tree', params: (a) => pick(a, { max_depth: 'maxDepth', min_samples_leaf: 'minSamplesLeaf', min_samples_split: 'minSamplesSplit' }) },
  { pattern: /\bKNeighborsClassifier\s*\(([^)]*)\)/, model: 'knn', params: (a) => pick(a, { n_neighbors: 'k' }) },
];

/** `name=<number>` keyword arguments we have an equivalent for; others are reported as notes. */
function pick(args: string, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [python, ours] of Object.entries(names)) {
    const m = new RegExp(`\\b${python}\\s*=\\s*(-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)`).exec(args);
    if (m) out[ours] = Number(m[1]);
  }
  return out;
}

const stringArg = (code: string, name: string): string | null => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(code)?.[1] ?? null;
const numberArg = (code: string, name: string): number | null => {
  const m = new RegExp(`\\b${name}\\s*=\\s*(\\d+(?:\\.\\d+)?)`).exec(code);
  return m ? Number(m[1]) : null;
};

/**
 * refinery generates an `ATLClassifier(LearningClassifier)` with a scikit-learn model, the
 * embedding in `@params_fit(embedding_name=...)` and `@params_inference(min_confidence=...)`.
 * The classifiers we offer map onto our learners (a GridSearchCV around one becomes that model
 * with our defaults, said in the notes); anything else stays an imported, read-only heuristic.
 */
export function refineryLearnerConfig(code: string): RefineryLearnerMapping {
  const source = code.replace(/#.*$/gm, '');
  const embedding = stringArg(source, 'embedding_name');
  if (!embedding) return { ok: false, reason: 'the active learner names no embedding (embedding_name) we could read' };
  const labelNames = /\blabel_names\s*=\s*(\[[^\]]*\])/.exec(source);
  if (labelNames) return { ok: false, reason: `the active learner filters its predictions to label_names ${labelNames[1]}, which learners here do not offer` };
  const classifier = CLASSIFIERS.find((c) => c.pattern.test(source));
  if (!classifier) {
    const used = /self\.model\s*=\s*([A-Za-z_][\w.]*)/.exec(source)?.[1] ?? 'an unknown model';
    return { ok: false, reason: `the active learner uses ${used}; learners here are logistic regression, decision tree and kNN` };
  }
  const args = classifier.pattern.exec(source)?.[1] ?? '';
  const notes: string[] = [];
  if (/\bGridSearchCV\s*\(/.test(source)) notes.push(`GridSearchCV replaced by one ${classifier.model} with our default parameters`);
  const minConfidence = numberArg(source, 'min_confidence');
  return {
    ok: true,
    config: { embedding, model: classifier.model, params: classifier.params(args), ...(minConfidence !== null ? { minConfidence } : {}) },
    notes,
  };
}
