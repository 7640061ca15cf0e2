import { z } from 'zod';

/**
 * Zod schemas for the parts of a refinery "project export" JSON that we read
 * (refinery-gateway `project_export_*.json`, 2022 format). Objects are tolerant: unknown
 * fields are ignored. Missing optional tables default to [].
 * refinery writes Python `None` ids as the string "None" in a few places (task attribute_id,
 * association source_id); `noneId` turns that into null.
 */

const id = z.string().min(1);
/** an id that may be null, absent or the string "None" */
const noneId = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null || v === 'None' || v === '' ? null : v));
const optString = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => v ?? null);
const optNumber = z
  .union([z.number(), z.null()])
  .optional()
  .transform((v) => v ?? null);
const optBool = z
  .union([z.boolean(), z.null()])
  .optional()
  .transform((v) => v ?? null);
const table = <T extends z.ZodType>(row: T) =>
  z
    .array(row)
    .nullish()
    .transform((v) => v ?? []);

export const rawProjectSchema = z.object({
  id,
  name: z.string(),
  description: optString,
  tokenizer: optString,
  status: optString,
});

export const rawAttributeSchema = z.object({
  id,
  name: z.string().min(1),
  data_type: z.string().min(1),
  is_primary_key: optBool,
  relative_position: optNumber,
});

export const rawRecordSchema = z.object({
  id,
  data: z.record(z.string(), z.unknown()),
  category: optString,
});

export const rawTaskSchema = z.object({
  id,
  attribute_id: noneId,
  name: z.string().min(1),
  task_target: z.string().min(1),
  task_type: z.string().min(1),
});

export const rawLabelSchema = z.object({
  id,
  labeling_task_id: id,
  name: z.string().min(1),
  color: optString,
  hotkey: optString,
});

export const rawAssociationSchema = z.object({
  id,
  source_id: noneId,
  record_id: id,
  labeling_task_label_id: id,
  source_type: z.string().min(1),
  return_type: optString,
  confidence: optNumber,
  is_gold_star: optBool,
  created_by: noneId,
  created_at: optString,
  weak_supervision_id: noneId,
  is_valid_manual_label: optBool,
});

export const rawAssociationTokenSchema = z.object({
  record_label_association_id: id,
  token_index: z.number().int().nonnegative(),
  is_beginning_token: optBool,
});

export const rawInformationSourceSchema = z.object({
  id,
  name: z.string().min(1),
  type: z.string().min(1),
  return_type: optString,
  description: optString,
  source_code: optString,
  is_selected: optBool,
  version: optNumber,
  created_at: optString,
  labeling_task_id: id,
});

export const rawPayloadSchema = z.object({
  id,
  source_id: id,
  created_at: optString,
  finished_at: optString,
  iteration: optNumber,
  source_code: optString,
  logs: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  state: optString,
});

export const rawStatisticsSchema = z.object({
  id,
  source_id: id,
  labeling_task_label_id: id,
  true_positives: optNumber,
  false_positives: optNumber,
  false_negatives: optNumber,
  record_coverage: optNumber,
  total_hits: optNumber,
  source_conflicts: optNumber,
  source_overlaps: optNumber,
});

export const rawKnowledgeBaseSchema = z.object({
  id,
  name: z.string().min(1),
  description: optString,
});

export const rawTermSchema = z.object({
  knowledge_base_id: id,
  value: z.string(),
  comment: optString,
  blacklisted: optBool,
});

export const rawEmbeddingSchema = z.object({
  id,
  name: z.string().min(1),
  custom: optBool,
  type: optString,
});

export const rawEmbeddingTensorSchema = z.object({
  embedding_id: id,
  record_id: id,
  data: z.array(z.number()),
});

export const rawWeakSupervisionTaskSchema = z.object({
  id,
  state: optString,
  created_at: optString,
  created_by: noneId,
  finished_at: optString,
  selected_information_sources: optString,
  selected_labeling_tasks: optString,
  distinct_records: optNumber,
  result_count: optNumber,
});

export const rawDataSliceSchema = z.object({
  id,
  name: z.string().min(1),
  created_at: optString,
  created_by: noneId,
  filter_data: z.unknown().optional(),
  filter_raw: z.unknown().optional(),
  static: optBool,
  count: optNumber,
  slice_type: optString,
});

export const rawDataSliceRecordSchema = z.object({
  data_slice_id: id,
  record_id: id,
  outlier_score: optNumber,
});

export const rawSnapshotSchema = z.object({
  project_details_data: rawProjectSchema,
  attributes_data: z.array(rawAttributeSchema),
  records_data: z.array(rawRecordSchema),
  labeling_tasks_data: table(rawTaskSchema),
  labeling_task_labels_data: table(rawLabelSchema),
  record_label_associations_data: table(rawAssociationSchema),
  record_label_association_tokens_data: table(rawAssociationTokenSchema),
  information_sources_data: table(rawInformationSourceSchema),
  information_source_payloads_data: table(rawPayloadSchema),
  information_source_statistics_data: table(rawStatisticsSchema),
  knowledge_bases_data: table(rawKnowledgeBaseSchema),
  terms_data: table(rawTermSchema),
  embeddings_data: table(rawEmbeddingSchema),
  embedding_tensors_data: table(rawEmbeddingTensorSchema),
  weak_supervision_task_data: table(rawWeakSupervisionTaskSchema),
  data_slice_data: table(rawDataSliceSchema),
  data_slice_record_association_data: table(rawDataSliceRecordSchema),
  record_attribute_token_statistics_data: table(z.unknown()),
});

export type RawSnapshot = z.infer<typeof rawSnapshotSchema>;
