import type { ActiveLearnerConfig } from '@refinery/learners';

/** An active learner's stored form: its configuration with every default, as formatted JSON (what a run snapshots). */
export const configCode = (config: ActiveLearnerConfig): string => JSON.stringify(config, null, 2);
