import type { LabelModelInfo, LabelModelName } from '@refinery/contracts';
import { DEFAULT_LABEL_MODEL, LABEL_MODEL_NAMES, type LabelModelName as LibraryModelName } from '@refinery/label-model';

// The contract's names and the library's must be the same set: each assignment fails to compile otherwise.
const contractNames: readonly LibraryModelName[] = [] as LabelModelName[];
const libraryNames: readonly LabelModelName[] = LABEL_MODEL_NAMES;
void contractNames;
void libraryNames;

const DESCRIPTIONS: Record<LabelModelName, string> = {
  'refinery-plus':
    'Precision-weighted vote arbitration on your manual labels blended with an unsupervised Dawid–Skene model of the heuristics’ agreement; the blend is chosen on held-out manual labels.',
  'refinery-voting': 'refinery-compatible: votes weighted by precision × confidence, confidence σ(margin) with c = 7, k = 3 (precision 0.8 without manual labels).',
  'majority-vote': 'One vote per heuristic; ties broken by a fixed-seed random choice.',
  'dawid-skene': 'Dawid–Skene EM over the heuristics’ votes and abstentions, manual labels clamped.',
};

export const DEFAULT_MODEL: LabelModelName = DEFAULT_LABEL_MODEL;

export function labelModelCatalog(): LabelModelInfo[] {
  return LABEL_MODEL_NAMES.map((name) => ({ name, description: DESCRIPTIONS[name], default: name === DEFAULT_MODEL }));
}
