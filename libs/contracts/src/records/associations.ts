import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from './common.js';

export const associationSources = ['MANUAL', 'GOLD', 'HEURISTIC', 'WEAK_SUPERVISION'] as const;
export const AssociationSource = z.enum(associationSources);
export type AssociationSource = z.infer<typeof AssociationSource>;

/** Sources whose outputs are replaced as a whole (begin / page / commit). */
export const BulkSource = z.enum(['HEURISTIC', 'WEAK_SUPERVISION']);
export type BulkSource = z.infer<typeof BulkSource>;

export const LabelAssociation = z.object({
  id: EntityId,
  recordId: EntityId,
  taskId: EntityId,
  labelId: EntityId,
  source: AssociationSource,
  /** The annotator (MANUAL) or who set it (GOLD); null for bulk sources. */
  userId: z.string().nullable(),
  /** Heuristic id / weak-supervision source id; null for MANUAL and GOLD. */
  sourceId: z.string().nullable(),
  confidence: z.number().nullable(),
  /** Extraction only: character range [start, end) snapped to tokens, and its text. */
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  text: z.string().nullable(),
  createdAt: IsoDate,
});
export type LabelAssociation = z.infer<typeof LabelAssociation>;

export const ReferenceLabels = z.object({
  taskId: EntityId,
  labelIds: z.array(EntityId),
  spans: z.array(z.object({ labelId: EntityId, start: z.number().int(), end: z.number().int() })),
});
export type ReferenceLabels = z.infer<typeof ReferenceLabels>;

/** One output of a bulk source; start/end only for extraction tasks. */
export const BulkItem = z.object({
  recordId: EntityId,
  labelId: EntityId,
  confidence: z.number().min(0).max(1).nullable().default(null),
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().positive().optional(),
});
export type BulkItem = z.infer<typeof BulkItem>;

const BulkRef = z.object({ source: BulkSource, sourceId: EntityId, taskId: EntityId });

/**
 * Replaces every output of one source in three steps: `begin` opens a generation, `page`s add
 * items to it (invisible until committed), `commit` flips the source's pointer so readers switch
 * from the old set to the new set at once; `abort` drops the generation. A newer `begin` for the
 * same source supersedes an unfinished one (its pages and commit then answer CONFLICT).
 */
export const ReplaceSourceRequest = z.discriminatedUnion('step', [
  BulkRef.extend({ step: z.literal('begin') }),
  BulkRef.extend({
    step: z.literal('page'),
    generation: z.number().int().positive(),
    items: z.array(BulkItem).min(1).max(5_000),
  }),
  BulkRef.extend({ step: z.literal('commit'), generation: z.number().int().positive() }),
  BulkRef.extend({ step: z.literal('abort'), generation: z.number().int().positive() }),
]);
export type ReplaceSourceRequest = z.infer<typeof ReplaceSourceRequest>;

export const AssociationSubjects = {
  /**
   * Sets the actor's labels (or the gold labels) of a classification task on one record:
   * single-label takes at most one label (it replaces the previous one), multi-label a set;
   * an empty list clears them.
   */
  classify: defineRequest(
    'records.associations.classify.v1',
    z.object({
      recordId: EntityId,
      taskId: EntityId,
      labelIds: z.array(EntityId).max(200),
      gold: z.boolean().default(false),
    }),
    z.object({ associations: z.array(LabelAssociation) }),
  ),
  /** Adds a span [start, end) of the task's attribute, snapped outward to token boundaries. */
  addSpan: defineRequest(
    'records.associations.add-span.v1',
    z
      .object({
        recordId: EntityId,
        taskId: EntityId,
        labelId: EntityId,
        start: z.number().int().nonnegative(),
        end: z.number().int().positive(),
        gold: z.boolean().default(false),
      })
      .refine((s) => s.end > s.start, { message: 'end must be greater than start', path: ['end'] }),
    LabelAssociation,
  ),
  /** Removes one MANUAL (own) or GOLD association. */
  remove: defineRequest('records.associations.remove.v1', z.object({ associationId: EntityId }), z.object({ removed: z.literal(true) })),
  /** The visible associations of one record and its valid reference labels per task. */
  list: defineRequest(
    'records.associations.list.v1',
    z.object({ recordId: EntityId, taskId: EntityId.optional() }),
    z.object({ associations: z.array(LabelAssociation), reference: z.array(ReferenceLabels) }),
  ),
  replaceSource: defineRequest(
    'records.associations.replace-source.v1',
    ReplaceSourceRequest,
    z.object({ generation: z.number().int().positive(), count: z.number().int().nonnegative() }),
    60_000,
  ),
} as const;

/**
 * A task's label matrix in compact (CSR) form, for label models: per record of the page its
 * votes `indptr[i]..indptr[i+1]` (indices into this page's `sources` and `labels`) and its valid
 * reference labels (refinery's rule). Extraction: token ranges (inclusive) of the task's
 * attribute. `generation` (the records generation) changes when records were rewritten between
 * pages.
 */
export const LabelMatrixPage = z.object({
  generation: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  nextAfterSeq: z.number().int().nullable(),
  recordIds: z.array(EntityId),
  sources: z.array(z.string()),
  labels: z.array(EntityId),
  indptr: z.array(z.number().int()),
  voteSource: z.array(z.number().int()),
  voteLabel: z.array(z.number().int()),
  voteConfidence: z.array(z.number().nullable()),
  voteTokenStart: z.array(z.number().int()).optional(),
  voteTokenEnd: z.array(z.number().int()).optional(),
  referenceRecord: z.array(z.number().int()),
  referenceLabel: z.array(z.number().int()),
  referenceTokenStart: z.array(z.number().int()).optional(),
  referenceTokenEnd: z.array(z.number().int()).optional(),
});
export type LabelMatrixPage = z.infer<typeof LabelMatrixPage>;

export const LabelMatrixSubjects = {
  page: defineRequest(
    'records.associations.label-matrix.v1',
    z.object({
      taskId: EntityId,
      /** HEURISTIC source ids to include (default: all heuristics with outputs for the task). */
      sourceIds: z.array(EntityId).max(500).optional(),
      afterSeq: z.number().int().min(-1).default(-1),
      limit: z.number().int().min(1).max(10_000).default(5_000),
    }),
    LabelMatrixPage,
    30_000,
  ),
} as const;

export const LabelsChangedEvent = z.object({
  projectId: EntityId,
  taskId: EntityId,
  source: AssociationSource,
  sourceId: z.string().nullable(),
  /** At most 1,000 ids; `truncated` when more records changed. */
  recordIds: z.array(EntityId).max(1_000),
  truncated: z.boolean(),
});
export type LabelsChangedEvent = z.infer<typeof LabelsChangedEvent>;

export const SpanLabelledEvent = z.object({
  projectId: EntityId,
  taskId: EntityId,
  labelId: EntityId,
  labelName: z.string(),
  text: z.string(),
});
export type SpanLabelledEvent = z.infer<typeof SpanLabelledEvent>;

export const AssociationEvents = {
  changed: defineEvent('records.labels.changed.v1', LabelsChangedEvent),
  /** A manual span got an extraction label: its text is a lookup-list term (heuristics owns lists). */
  spanLabelled: defineEvent('records.spans.labelled.v1', SpanLabelledEvent),
} as const;
