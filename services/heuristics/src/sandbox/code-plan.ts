import type { Attribute, HeuristicLanguage, LabelingTask, RecordView } from '@refinery/contracts';
import type { RunKind, SandboxRecord } from '@refinery/sandbox';
import { AppError } from '@refinery/server-core';

/** Everything the sandbox needs besides the records: what to run and how to read its output. */
export interface CodePlan {
  code: string;
  language: HeuristicLanguage;
  kind: Exclude<RunKind, 'attribute'>;
  /** Extraction: the TEXT attribute spans refer to. */
  targetAttribute?: string;
  /** TEXT attributes (Python gets them as document objects; other attributes stay plain values). */
  textAttributes: string[];
  knowledge: Record<string, string[]>;
}

const KIND: Record<LabelingTask['kind'], CodePlan['kind']> = {
  CLASSIFICATION: 'classification',
  MULTI_LABEL_CLASSIFICATION: 'multi-label',
  EXTRACTION: 'extraction',
};

export function codePlan(
  task: LabelingTask,
  attributes: readonly Attribute[],
  code: string,
  language: HeuristicLanguage,
  knowledge: Record<string, string[]>,
): CodePlan {
  const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
  const plan: CodePlan = { code, language, kind: KIND[task.kind], textAttributes, knowledge };
  if (plan.kind !== 'extraction') return plan;
  const target = attributes.find((a) => a.id === task.attributeId);
  if (!target) throw new AppError('VALIDATION_FAILED', `extraction task "${task.name}" has no target attribute in this project`);
  return { ...plan, targetAttribute: target.name };
}

/** A records view as the sandbox takes it: tokens (when records sent them) flattened. */
export function sandboxRecord(view: RecordView): SandboxRecord {
  if (!view.tokens) return { id: view.id, data: view.data };
  const tokens: Record<string, number[]> = {};
  for (const [attr, t] of Object.entries(view.tokens)) {
    const flat: number[] = [];
    t.starts.forEach((start, i) => flat.push(start, t.ends[i] ?? start));
    tokens[attr] = flat;
  }
  return { id: view.id, data: view.data, tokens };
}
