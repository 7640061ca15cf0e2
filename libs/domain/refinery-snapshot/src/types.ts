/** Normalized, camelCase view of a refinery project export. All ids are refinery's UUIDs. */

export interface SnapshotProject {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** spaCy model refinery tokenized with, e.g. "en_core_web_sm" */
  readonly tokenizer: string | null;
  readonly status: string | null;
}

export interface SnapshotAttribute {
  readonly id: string;
  readonly name: string;
  /** refinery data type: TEXT, INTEGER, FLOAT, BOOLEAN, CATEGORY, ... */
  readonly dataType: string;
  readonly isPrimaryKey: boolean;
  /** refinery's relative_position (1-based); attributes are returned sorted by it */
  readonly position: number;
}

export interface SnapshotRecord {
  readonly id: string;
  /** SCALE (unlabeled pool) or TEST */
  readonly category: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface SnapshotLabel {
  readonly id: string;
  readonly name: string;
  readonly color?: string;
  readonly hotkey?: string;
}

export type TaskType = 'classification' | 'extraction';

export interface SnapshotTask {
  readonly id: string;
  readonly name: string;
  readonly type: TaskType;
  /** attribute name for ON_ATTRIBUTE tasks, null for whole-record tasks */
  readonly targetAttribute: string | null;
  readonly labels: readonly SnapshotLabel[];
}

export type AssociationSource = 'MANUAL' | 'HEURISTIC' | 'WEAK_SUPERVISION';

export interface TokenSpan {
  /** spaCy token index (refinery's token_index; whitespace tokens count) */
  readonly startToken: number;
  /** exclusive */
  readonly endToken: number;
}

export interface SnapshotAssociation {
  readonly id: string;
  readonly recordId: string;
  readonly taskId: string;
  readonly labelId: string;
  readonly source: AssociationSource;
  /** heuristic id for source HEURISTIC */
  readonly sourceId?: string;
  /** refinery's created_by */
  readonly userId?: string;
  readonly isGold: boolean;
  /** false when refinery marked a manual label invalid; undefined when not stated */
  readonly isValidManualLabel?: boolean;
  readonly confidence?: number;
  /** id of the weak-supervision run that used (heuristic) or produced (weak supervision) the label */
  readonly weakSupervisionRunId?: string;
  readonly createdAt?: string;
  /** only for extraction tasks */
  readonly span?: TokenSpan;
}

export interface HeuristicRun {
  readonly id: string;
  readonly iteration: number | null;
  readonly state: string | null;
  readonly createdAt: string | null;
  readonly finishedAt: string | null;
  readonly logs: readonly string[];
}

export interface HeuristicLabelStatistics {
  readonly labelId: string;
  readonly truePositives: number | null;
  readonly falsePositives: number | null;
  readonly falseNegatives: number | null;
  readonly recordCoverage: number | null;
  readonly totalHits: number | null;
  readonly conflicts: number | null;
  readonly overlaps: number | null;
}

export interface SnapshotHeuristic {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** LABELING_FUNCTION, ACTIVE_LEARNING, ZERO_SHOT, ... as refinery stores it */
  readonly type: string;
  readonly code: string;
  readonly taskId: string;
  readonly isSelected: boolean;
  readonly version: number | null;
  readonly createdAt: string | null;
  readonly runs: readonly HeuristicRun[];
  readonly statistics: readonly HeuristicLabelStatistics[];
}

export interface LookupTerm {
  readonly value: string;
  readonly blacklisted: boolean;
  readonly comment?: string;
}

export interface SnapshotLookupList {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly terms: readonly LookupTerm[];
}

export interface SnapshotSlice {
  readonly id: string;
  readonly name: string;
  /** STATIC_DEFAULT, DYNAMIC_DEFAULT, STATIC_OUTLIER, ... */
  readonly type: string | null;
  readonly isStatic: boolean;
  readonly count: number | null;
  /** refinery's filter_data (query description), passed through unchanged */
  readonly filter: unknown;
  /** stored members (static slices only) */
  readonly recordIds: readonly string[];
  readonly createdAt: string | null;
  readonly createdBy: string | null;
}

/** Comments are not part of this export format; kept for API completeness (always empty here). */
export interface SnapshotComment {
  readonly id: string;
  readonly recordId: string | null;
  readonly text: string;
  readonly userId: string | null;
}

export interface EmbeddingVector {
  readonly recordId: string;
  readonly vector: Float32Array;
}

export interface SnapshotEmbedding {
  readonly id: string;
  readonly name: string;
  /** attribute name parsed from refinery's "<attribute>-<level>-<model>" naming, if it matches */
  readonly attribute: string | null;
  /** "classification" (one vector per record) or "extraction" (per token), from the name */
  readonly level: string | null;
  /** model part of the name, e.g. "distilbert-base-uncased" */
  readonly model: string | null;
  /** ON_ATTRIBUTE or ON_TOKEN */
  readonly type: string | null;
  readonly custom: boolean;
  readonly dimension: number | null;
  /** present when the export carries tensors (and includeVectors was not false) */
  readonly vectors?: readonly EmbeddingVector[];
}

export interface WeakSupervisionRun {
  readonly id: string;
  readonly state: string | null;
  readonly createdAt: string | null;
  readonly finishedAt: string | null;
  readonly createdBy: string | null;
  /** heuristic names as refinery stored them (comma separated in the export) */
  readonly heuristicNames: readonly string[];
  readonly taskNames: readonly string[];
  readonly distinctRecords: number | null;
  readonly resultCount: number | null;
}

export interface RefinerySnapshot {
  readonly project: SnapshotProject;
  readonly attributes: readonly SnapshotAttribute[];
  readonly records: readonly SnapshotRecord[];
  readonly tasks: readonly SnapshotTask[];
  readonly associations: readonly SnapshotAssociation[];
  readonly heuristics: readonly SnapshotHeuristic[];
  readonly lookupLists: readonly SnapshotLookupList[];
  readonly slices: readonly SnapshotSlice[];
  readonly comments: readonly SnapshotComment[];
  readonly embeddings: readonly SnapshotEmbedding[];
  readonly weakSupervisionRuns: readonly WeakSupervisionRun[];
  /** user ids seen in created_by fields (the export has no user table) */
  readonly userIds: readonly string[];
  /** the export carries no spaCy docs; this says what tokenization data there is */
  readonly tokenization: {
    readonly tokenizer: string | null;
    /** rows of record_attribute_token_statistics_data (token counts per record/attribute) */
    readonly tokenStatisticsRows: number;
  };
}

export interface ParseOptions {
  /** decode embedding tensors into Float32Arrays (default true) */
  readonly includeVectors?: boolean;
}
