/**
 * Message and name of a thrown value. Duck-typed on purpose: errors from isolated-vm or from
 * another realm (jest runs tests in a vm context) are not `instanceof Error` here.
 */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}

export function errorName(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string') return (e as { name: string }).name;
  return 'Error';
}
