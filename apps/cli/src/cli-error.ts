/** A usage or input error: printed on stderr, exit code 2 (API errors exit 1). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
