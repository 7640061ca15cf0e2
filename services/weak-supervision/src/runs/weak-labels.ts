import type { BulkItem, LabelModelName, TextTokens, WsQualityReport } from '@refinery/contracts';
import { aggregateExtraction, aggregateMultiLabel, createLabelModel, crossValidationSteps, RefineryPlus, type LabelModel } from '@refinery/label-model';
import { charRange, type SpanMatrix } from '../matrix/span-matrix.js';
import type { TaskData } from '../matrix/task-data.js';
import { learnerExclusions, singleLabelView, type LearnerTraining, type TaskMatrix } from '../matrix/task-matrix.js';
import { invalid } from '../shared/errors.js';
import { spanExclusions } from '../statistics/statistics-calculator.js';

export interface WeakLabelOptions {
  readonly model: LabelModelName;
  readonly activeLearnerSourceIds: readonly string[];
  /** the records each active learner trained on (heuristics service), when known */
  readonly learnerTraining?: LearnerTraining;
  readonly includeUncovered: boolean;
  readonly folds: number;
}

/** A weak label; extraction labels carry an inclusive token range, turned into characters by `toBulkItems`. */
export interface WeakItem {
  readonly recordId: string;
  readonly labelId: string;
  readonly confidence: number;
  readonly tokens?: { readonly start: number; readonly end: number };
}

export interface WeakLabels {
  readonly items: WeakItem[];
  /** Records with at least one output of the chosen heuristics. */
  readonly covered: number;
  /** Items per label id. */
  readonly distribution: Record<string, number>;
  readonly meanConfidence: number;
  readonly aggregator: string;
  /**
   * The quality report, computed fold by fold when iterated (null for tasks without one): the run
   * interleaves it with writing the labels, which waits on records most of the time.
   */
  readonly quality: (() => Generator<number, WsQualityReport | null, void>) | null;
  /** Milliseconds spent fitting and predicting. */
  readonly fitMs: number;
}

type Core = Pick<WeakLabels, 'items' | 'aggregator' | 'quality'>;

/** Runs a quality report to completion at once. */
export function qualityNow(labels: Pick<WeakLabels, 'quality'>): WsQualityReport | null {
  if (!labels.quality) return null;
  const steps = labels.quality();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Turns the chosen heuristics' outputs into weak-supervision labels with confidence:
 * - single-label: the chosen label model, one label per covered record (every record with
 *   `includeUncovered`), and the cross-validated quality report over the reference labels (lazy);
 * - multi-label: per label noisy-or, every label with probability ≥ 0.5;
 * - extraction: token-level aggregation with non-maximum suppression (token ranges).
 * Every vote counts with its confidence (labeling functions: 1; active learners: their probability).
 */
export function weakLabels(data: TaskData, options: WeakLabelOptions): WeakLabels {
  if (data.heuristicIds.length === 0) throw invalid('heuristicIds', `no chosen heuristic has outputs on task "${data.task.name}"`);
  const covered = new Set<number>(data.shape === 'votes' ? data.votes.map((v) => v.record) : data.spans.map((s) => s.record));
  const t0 = performance.now();
  const core =
    data.shape === 'spans'
      ? spanLabels(data, options)
      : data.task.kind === 'MULTI_LABEL_CLASSIFICATION'
        ? multiLabels(data)
        : singleLabels(data, covered, options);
  const fitMs = performance.now() - t0;
  const distribution: Record<string, number> = Object.fromEntries(data.labelIds.map((id) => [id, 0]));
  let sum = 0;
  for (const item of core.items) {
    distribution[item.labelId] = (distribution[item.labelId] ?? 0) + 1;
    sum += item.confidence;
  }
  return { ...core, covered: covered.size, distribution, meanConfidence: core.items.length ? sum / core.items.length : 0, fitMs };
}

function singleLabels(tm: TaskMatrix, covered: ReadonlySet<number>, options: WeakLabelOptions): Core {
  const { matrix, reference } = singleLabelView(tm);
  const excludeFromSupport = learnerExclusions(tm, options.activeLearnerSourceIds, options.learnerTraining);
  const model = createLabelModel(options.model).fit(matrix, { reference, excludeFromSupport });
  const prediction = model.predict(matrix);
  const items: WeakItem[] = [];
  for (let i = 0; i < tm.recordIds.length; i++) {
    if (!covered.has(i) && !options.includeUncovered) continue;
    items.push({ recordId: tm.recordIds[i]!, labelId: tm.labelIds[prediction.labels[i]!]!, confidence: unit(prediction.confidence[i]!) });
  }
  const quality = () => crossValidationSteps(matrix, reference, foldModels(model, options.model), { folds: options.folds, excludeFromSupport });
  return { items, aggregator: options.model, quality };
}

/**
 * Models for the quality report's folds: refinery-plus folds share the run's agreement component
 * (fitted without reference labels, so it is the same for every fold) instead of refitting it.
 */
function foldModels(fitted: LabelModel, name: LabelModelName): () => LabelModel {
  const agreementModel = fitted instanceof RefineryPlus ? fitted.parameters?.agreement : null;
  return agreementModel ? () => new RefineryPlus({ agreementModel }) : () => createLabelModel(name);
}

function multiLabels(tm: TaskMatrix): Core {
  const K = tm.labelIds.length;
  const result = aggregateMultiLabel(tm.recordIds.length, tm.heuristicIds.length, K, tm.votes, { reference: tm.reference });
  const items: WeakItem[] = [];
  result.labels.forEach((labels, i) => {
    for (const l of labels) items.push({ recordId: tm.recordIds[i]!, labelId: tm.labelIds[l]!, confidence: unit(result.probabilities[i * K + l]!) });
  });
  return { items, aggregator: 'multi-label-noisy-or', quality: null };
}

function spanLabels(sm: SpanMatrix, options: WeakLabelOptions): Core {
  const spans = aggregateExtraction(sm.spans, { reference: sm.reference, excludeFromSupport: spanExclusions(sm, options.activeLearnerSourceIds) });
  const items = spans.map((s) => ({ recordId: sm.recordIds[s.record]!, labelId: sm.labelIds[s.label]!, confidence: unit(s.confidence), tokens: { start: s.start, end: s.end } }));
  return { items, aggregator: 'extraction-token-nms', quality: null };
}

/** Records whose token offsets `toBulkItems` needs (those with a weak span). */
export function recordsWithSpans(items: readonly WeakItem[]): string[] {
  return [...new Set(items.filter((i) => i.tokens).map((i) => i.recordId))];
}

/** The items as records takes them: spans in characters [start, end) of the task's attribute. */
export function toBulkItems(items: readonly WeakItem[], tokens: ReadonlyMap<string, TextTokens> = new Map()): BulkItem[] {
  return items.map(({ recordId, labelId, confidence, tokens: range }) => {
    if (!range) return { recordId, labelId, confidence };
    const offsets = tokens.get(recordId);
    if (!offsets) throw new Error(`no tokens read for record ${recordId}`);
    return { recordId, labelId, confidence, ...charRange(offsets, range) };
  });
}

/** Rounded to 6 digits (smaller pages) and kept inside [0, 1] against float drift. */
function unit(x: number): number {
  return Math.min(1, Math.max(0, Math.round(x * 1e6) / 1e6));
}
