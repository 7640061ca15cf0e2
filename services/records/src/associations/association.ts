import type { AssociationSource } from '@refinery/contracts';

/**
 * One label on one record (or span of it) from one source: the source of truth for labels.
 * Stored in the project store (see store/): MANUAL and GOLD in the op log, HEURISTIC and
 * WEAK_SUPERVISION in pages of their source's generation.
 */
export interface AssociationDoc {
  _id: string;
  projectId: string;
  recordId: string;
  taskId: string;
  labelId: string;
  source: AssociationSource;
  userId: string | null;
  sourceId: string | null;
  confidence: number | null;
  start: number | null;
  end: number | null;
  text: string | null;
  /** The generation of its scope that wrote it (records generation for MANUAL/GOLD). */
  generation: number;
  createdAt: Date;
}
