import type { AssociationSource, BulkSource } from '@refinery/contracts';

/**
 * Consistency without transactions (ARCHITECTURE.md): a bulk write tags its documents with a new
 * generation of a scope and then flips the scope's committed pointer in one update. Readers
 * only trust committed generations; older ones are garbage-collected after the flip, and a write
 * that dies half-way leaves documents of a generation that never becomes visible.
 */

/** The records of a project (uploads, record adds) and the manual labels imported with them. */
export const RECORDS_SCOPE = 'records';

/** One replaceable set of outputs (a heuristic, a weak-supervision source). */
export function sourceScope(source: BulkSource, sourceId: string): string {
  return `${source}:${sourceId}`;
}

export interface GenerationPointer {
  /** 0 until the first commit. */
  committed: number;
  /** The last generation handed out. */
  latest: number;
  /** The generation being written, or null; a newer `begin` takes over from an older writer. */
  writing: number | null;
}

export const EMPTY_POINTER: GenerationPointer = { committed: 0, latest: 0, writing: null };

/** A writer may add to / commit its generation only while it is still the current writer. */
export function isCurrentWriter(pointer: GenerationPointer, generation: number): boolean {
  return pointer.writing === generation;
}

export interface VersionedAssociation {
  recordId: string;
  taskId: string;
  source: AssociationSource;
  userId: string | null;
  sourceId: string | null;
  generation: number;
}

/**
 * Which associations a reader may see, given the committed generation of each scope:
 * - HEURISTIC / WEAK_SUPERVISION: exactly the committed generation of their source;
 * - MANUAL / GOLD: live edits carry the records generation in force when they were made,
 *   uploads carry their own generation (invisible until the upload commits). Per annotator
 *   (or gold) and record and task, only the newest visible generation counts, so a re-upload
 *   replaces the labels it brings even before its clean-up ran.
 */
export function visibleAssociations<A extends VersionedAssociation>(
  associations: readonly A[],
  committedOf: (scope: string) => number,
): A[] {
  const recordsCommitted = committedOf(RECORDS_SCOPE);
  const newest = new Map<string, number>();
  const candidates: A[] = [];
  for (const a of associations) {
    if (a.source === 'HEURISTIC' || a.source === 'WEAK_SUPERVISION') {
      if (a.sourceId !== null && a.generation === committedOf(sourceScope(a.source, a.sourceId))) candidates.push(a);
      continue;
    }
    if (a.generation > recordsCommitted) continue;
    const owner = ownerKey(a);
    newest.set(owner, Math.max(newest.get(owner) ?? -1, a.generation));
    candidates.push(a);
  }
  return candidates.filter(
    (a) => a.source === 'HEURISTIC' || a.source === 'WEAK_SUPERVISION' || newest.get(ownerKey(a)) === a.generation,
  );
}

function ownerKey(a: VersionedAssociation): string {
  return `${a.recordId}\u0000${a.taskId}\u0000${a.source}\u0000${a.userId ?? ''}`;
}
