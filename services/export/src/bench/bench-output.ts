/** JSON result lines on stdout (the only thing a suite prints there); diagnostics on stderr. */
export function emit(line: { case: string; metric: string; value: number; unit: string } & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: 'browser', ...line })}\n`);
}

export function note(message: string): void {
  process.stderr.write(`[export browser bench] ${message}\n`);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
