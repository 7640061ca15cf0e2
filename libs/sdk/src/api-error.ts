/** A failed API call: the gateway's `{error: {code, message, details}}` with the HTTP status. */
export class RefineryApiError extends Error {
  override readonly name = 'RefineryApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** the `x-request-id` of the call, for the server's logs */
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** A network failure (no HTTP answer at all), named with the URL tried. */
  static unreachable(url: string, cause: unknown): RefineryApiError {
    const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    return new RefineryApiError(0, 'UNREACHABLE', `cannot reach ${url}: ${reason}`);
  }
}
