/** Why a learner call was refused; the heuristics service maps each code to a run error. */
export enum LearnerErrorCode {
  InvalidParams = 'INVALID_PARAMS',
  InvalidInput = 'INVALID_INPUT',
  NotFitted = 'NOT_FITTED',
  NotEnoughLabels = 'NOT_ENOUGH_LABELS',
}

export class LearnerError extends Error {
  constructor(
    readonly code: LearnerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LearnerError';
  }
}
