const SECRET_KEY = /pass(word)?|secret|hash|^token$|cookie|authorization|csrf|verifier|nonce/i;

/**
 * Removes anything that could be a secret from audit details before they are stored: the callers
 * never pass secrets, and this keeps a future mistake out of the log.
 */
export function redact(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
        ? redact(value as Record<string, unknown>)
        : value;
  }
  return out;
}
