/** Run logs with a line cap and a per-line character cap; overflow is counted, not kept. */
export class LogBuffer {
  private readonly lines: string[] = [];
  private dropped = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxLineChars: number,
  ) {}

  /** `text` is cut at the line limit unless it already was (sandboxes cut their own lines) */
  push(text: string, prefix = ''): void {
    if (this.lines.length >= this.maxLines) {
      this.dropped++;
      return;
    }
    const cut = text.length > this.maxLineChars && !text.endsWith('… (truncated)');
    this.lines.push(prefix + (cut ? `${text.slice(0, this.maxLineChars)}… (truncated)` : text));
  }

  /** lines dropped inside the sandbox (its own cap) count towards the total too */
  addDropped(count: number): void {
    this.dropped += count;
  }

  toArray(): string[] {
    return this.dropped > 0 ? [...this.lines, `… ${this.dropped} more log lines dropped (limit ${this.maxLines})`] : [...this.lines];
  }
}
