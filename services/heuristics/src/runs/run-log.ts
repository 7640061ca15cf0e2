/** The logs kept with a run: the first `maxLines` lines, then one line counting the rest. */
export class RunLog {
  private readonly lines: string[] = [];
  private dropped = 0;

  constructor(private readonly maxLines: number) {}

  push(...lines: readonly string[]): void {
    for (const line of lines) {
      if (this.lines.length < this.maxLines) this.lines.push(line);
      else this.dropped++;
    }
  }

  toArray(): string[] {
    return this.dropped ? [...this.lines, `… ${this.dropped} more log lines not kept`] : [...this.lines];
  }
}
