/** JSON result lines on stdout (the only thing a suite prints there); diagnostics on stderr. */
export function emit(line: { case: string; metric: string; value: number; unit: string } & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: 'records', ...line })}\n`);
}

export function note(message: string): void {
  process.stderr.write(`[records bench] ${message}\n`);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

/** Peak resident set of this process so far (the service and its upload worker run in it). */
export function maxRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}
