import { DawidSkene } from './dawid-skene.js';
import { MajorityVote } from './majority-vote.js';
import { RefineryPlus } from './refinery-plus.js';
import { RefineryVoting } from './refinery-voting.js';
import type { LabelModel } from './types.js';

export * from './types.js';
export { classPrior } from './prior.js';
export { MajorityVote, type MajorityVoteOptions } from './majority-vote.js';
export { RefineryVoting, type RefineryVotingOptions } from './refinery-voting.js';
export { DawidSkene, type DawidSkeneOptions, type DawidSkeneParameters, type DawidSkeneTables, dawidSkeneTables, dawidSkenePosterior } from './dawid-skene.js';
export { RefineryPlus, type RefineryPlusOptions, type BlendSelection, blendRow } from './refinery-plus.js';
export { VoteArbitration, type VoteArbitrationOptions } from './vote-arbitration.js';

export const LABEL_MODEL_NAMES = ['refinery-plus', 'refinery-voting', 'majority-vote', 'dawid-skene'] as const;
export type LabelModelName = (typeof LABEL_MODEL_NAMES)[number];
export const DEFAULT_LABEL_MODEL: LabelModelName = 'refinery-plus';

/** Creates a label model by name (default: `refinery-plus`). */
export function createLabelModel(name: LabelModelName = DEFAULT_LABEL_MODEL): LabelModel {
  switch (name) {
    case 'refinery-plus':
      return new RefineryPlus();
    case 'refinery-voting':
      return new RefineryVoting();
    case 'majority-vote':
      return new MajorityVote();
    case 'dawid-skene':
      return new DawidSkene();
  }
}
