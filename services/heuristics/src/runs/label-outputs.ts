import type { BulkItem, LabelingTask } from '@refinery/contracts';
import { closestName } from './closest-name.js';

/** One record's output as the sandbox returns it (already type-checked per task kind). */
export type SandboxOutput = string | readonly string[] | readonly (readonly [string, number, number])[];

export interface UnknownLabel {
  label: string;
  recordId: string;
  message: string;
}

/** What an unknown label tells the user: the label, the task's labels and the closest one. */
export function unknownLabelMessage(task: LabelingTask, label: string, recordId: string): string {
  const names = task.labels.map((l) => l.name);
  const closest = closestName(label, names);
  const known = names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
  return `unknown label "${label}" (record ${recordId}): the labels of task "${task.name}" are ${known}${closest ? `; did you mean "${closest}"?` : ''}`;
}

/**
 * Turns sandbox outputs into records' bulk items: label names become label ids, duplicates and
 * whitespace-only spans are dropped (records would refuse a span that covers no token).
 */
export class LabelOutputs {
  private readonly ids: ReadonlyMap<string, string>;

  constructor(private readonly task: LabelingTask) {
    this.ids = new Map(task.labels.map((l) => [l.name, l.id]));
  }

  /** Items of one record, or the first unknown label. */
  items(recordId: string, output: SandboxOutput, text: string | null): { items: BulkItem[]; unknown: UnknownLabel | null; droppedSpans: number } {
    const items: BulkItem[] = [];
    const seen = new Set<string>();
    let droppedSpans = 0;
    const entries: (string | readonly [string, number, number])[] = typeof output === 'string' ? [output] : [...output];
    for (const entry of entries) {
      const [label, start, end] = typeof entry === 'string' ? [entry, undefined, undefined] : entry;
      const labelId = this.ids.get(label);
      if (!labelId) return { items: [], unknown: { label, recordId, message: unknownLabelMessage(this.task, label, recordId) }, droppedSpans };
      if (start !== undefined && end !== undefined && (text === null || text.slice(start, end).trim() === '')) {
        droppedSpans++;
        continue;
      }
      const key = `${labelId}|${start ?? ''}|${end ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(start !== undefined && end !== undefined ? { recordId, labelId, confidence: null, start, end } : { recordId, labelId, confidence: null });
    }
    return { items, unknown: null, droppedSpans };
  }
}
