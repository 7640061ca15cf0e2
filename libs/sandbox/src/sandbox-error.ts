/** Misuse of the sandbox API by the caller (not a failure of user code, which is a run result). */
export type SandboxErrorCode = 'INVALID_REQUEST' | 'INVALID_LIMITS' | 'DISPOSED' | 'STARTUP_FAILED';

export class SandboxError extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}
