import type { LabelingTask, LabelSummary, RecordView, TaskKind } from '@refinery/contracts';

/** A task with labels l0, l1, … in order (ids = names). */
export function taskOf(kind: TaskKind, labels: string[], id = 't'): LabelingTask {
  return { id, name: id, kind, attributeId: null, labels: labels.map((name, position) => ({ id: name, taskId: id, name, color: '#000000', hotkey: null, position })) };
}

/** A record view whose summary for task `t` holds the given `source|label` outputs and reference labels. */
export function recordOf(id: string, heuristicBy: string[], reference: string[] = [], taskId = 't'): RecordView {
  const summary: LabelSummary = {
    manual: reference,
    manualBy: reference.map((l) => `ada|${l}`),
    gold: [],
    reference,
    heuristics: [...new Set(heuristicBy.map((b) => b.split('|')[1]!))],
    heuristicBy,
    weakSupervision: [],
    weakSupervisionConfidence: null,
  };
  return { id, seq: 0, key: id, data: {}, labels: heuristicBy.length || reference.length ? { [taskId]: summary } : {} };
}
