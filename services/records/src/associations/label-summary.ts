import type { AssociationSource, LabelSummary, TaskKind } from '@refinery/contracts';
import { referenceLabels } from './reference-labels.js';

export interface SummaryInput {
  source: AssociationSource;
  labelId: string;
  userId: string | null;
  sourceId: string | null;
  confidence: number | null;
  start: number | null;
  end: number | null;
}

/**
 * The browser-facing summary of one record's visible associations for one task, or null when
 * there are none (the record then carries no entry for the task).
 */
export function summarize(kind: TaskKind, associations: readonly SummaryInput[]): LabelSummary | null {
  if (!associations.length) return null;
  const of = (source: AssociationSource) => associations.filter((a) => a.source === source);
  const manual = of('MANUAL');
  const gold = of('GOLD');
  const heuristics = of('HEURISTIC');
  const ws = of('WEAK_SUPERVISION');
  const confidences = ws.map((a) => a.confidence).filter((c): c is number => c !== null);
  return {
    manual: distinct(manual.map((a) => a.labelId)),
    manualBy: distinct(manual.map((a) => `${a.userId ?? ''}|${a.labelId}`)),
    gold: distinct(gold.map((a) => a.labelId)),
    reference: referenceLabels(kind, manual, gold).labelIds,
    heuristics: distinct(heuristics.map((a) => a.labelId)),
    heuristicBy: distinct(heuristics.map((a) => `${a.sourceId ?? ''}|${a.labelId}`)),
    weakSupervision: distinct(ws.map((a) => a.labelId)),
    weakSupervisionConfidence: confidences.length ? Math.max(...confidences) : null,
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
