import type { BulkSource } from '@refinery/contracts';

/**
 * Consistency without transactions (ARCHITECTURE.md): a bulk write stores pages (or ops) tagged
 * with a new generation of a scope and then flips the scope's committed pointer in one update.
 * Readers only trust committed generations; older pages are garbage-collected after the flip,
 * and a write that dies half-way leaves pages of a generation that never becomes visible.
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
  /** Pages stored by the current writer. */
  pages: number;
}

export const EMPTY_POINTER: GenerationPointer = { committed: 0, latest: 0, writing: null, pages: 0 };

/** A writer may add to / commit its generation only while it is still the current writer. */
export function isCurrentWriter(pointer: GenerationPointer, generation: number): boolean {
  return pointer.writing === generation;
}
