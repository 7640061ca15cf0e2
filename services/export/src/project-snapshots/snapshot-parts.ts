import { ProjectSnapshotPartSubjects, type SnapshotPartSubjects } from '@refinery/contracts';

/** One part of a project snapshot and the service that owns it. */
export interface SnapshotPart {
  /** Folder in the archive (`<name>/<collection>.jsonl`). */
  name: string;
  subjects: SnapshotPartSubjects;
  /**
   * An optional part whose service does not answer (no responders) is left out of an export
   * and not imported (both reported as `skippedParts`); a required one fails the job.
   */
  optional: boolean;
}

/**
 * The parts, in export and import order. The first creates the project on import (its `begin`
 * answers the project id); later parts may refer to what earlier ones hold (heuristics to
 * tasks and labels). To add a part, its owner answers `<owner>.project-snapshot.export.v1` and
 * `.import.v1` (contracts: `ProjectSnapshotPartSubjects`) and it is declared here.
 */
export const SNAPSHOT_PARTS: readonly SnapshotPart[] = [
  { name: 'records', subjects: ProjectSnapshotPartSubjects.records, optional: false },
  { name: 'heuristics', subjects: ProjectSnapshotPartSubjects.heuristics, optional: false },
  // Definitions and embedder states (vectors with includeVectors). Optional: a deployment without the
  // embeddings service exports and imports the rest (reported in skippedParts).
  { name: 'embeddings', subjects: ProjectSnapshotPartSubjects.embeddings, optional: true },
];
