import { CliError } from './cli-error.js';

/** Polls `read` until `done` says so (or `failed` gives a reason), printing progress on stderr. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => { done: boolean; failed?: string | null; progress?: string },
  options: { timeoutMs?: number; intervalMs?: number; progress?: (text: string) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let last = '';
  for (;;) {
    const value = await read();
    const state = check(value);
    if (state.failed) throw new CliError(`${what} failed: ${state.failed}`);
    if (state.done) return value;
    if (state.progress && state.progress !== last) {
      options.progress?.(`${what}: ${state.progress}`);
      last = state.progress;
    }
    if (Date.now() > deadline) throw new CliError(`${what} did not finish in time; check it later`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
}
