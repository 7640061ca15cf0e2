import type { RunCounts, RunState } from '@refinery/contracts';

export interface RunOutcome {
  state: Extract<RunState, 'succeeded' | 'failed' | 'cancelled'>;
  error: string | null;
  counts: RunCounts;
}

/** Ends a run early with a state and a reason (unknown label, code error, cancellation, …). */
export class RunStop extends Error {
  constructor(
    readonly state: 'failed' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'RunStop';
  }
}
