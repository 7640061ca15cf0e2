import type { BulkSource } from '@refinery/contracts';

/**
 * Consistency without transactions (ARCHITECTURE.md): a bulk write stores pages (or ops) tagged
 * with a new generation of a scope and then commits it. Readers only trust committed
 * generations; older pages are garbage-collected after the commit, and a write that dies
 * half-way leaves pages of a generation that never becomes visible.
 *
 * FerretDB 1.24 does not isolate concurrent updates (two compare-and-set updates of one document
 * both succeed, `$inc`s get lost — measured), while an insert with a taken `_id` always fails.
 * So the pointers are not updated documents but a log of inserted events per scope: `begin`
 * (the `_id` holds the generation, so two writers never get the same one), `page`, `commit`,
 * `abort`. The committed generation is the highest committed one: it never goes backwards.
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

export type GenerationEventKind = 'begin' | 'page' | 'commit' | 'abort';

export interface GenerationEvent {
  scope: string;
  kind: GenerationEventKind;
  gen: number;
}

export interface ScopeState extends GenerationPointer {
  /** Every committed generation (ops of other generations, e.g. aborted imports, are void). */
  history: number[];
}

/** The pointer of every scope, folded from its events. */
export function foldEvents(events: readonly GenerationEvent[]): Map<string, ScopeState> {
  const acc = new Map<string, { begins: Set<number>; ended: Set<number>; commits: number[]; pages: Map<number, number> }>();
  for (const e of events) {
    let s = acc.get(e.scope);
    if (!s) acc.set(e.scope, (s = { begins: new Set(), ended: new Set(), commits: [], pages: new Map() }));
    if (e.kind === 'begin') s.begins.add(e.gen);
    else if (e.kind === 'page') s.pages.set(e.gen, (s.pages.get(e.gen) ?? 0) + 1);
    else {
      s.ended.add(e.gen);
      if (e.kind === 'commit') s.commits.push(e.gen);
    }
  }
  const out = new Map<string, ScopeState>();
  for (const [scope, s] of acc) {
    const latest = Math.max(0, ...s.begins, ...s.commits);
    const writing = s.begins.has(latest) && !s.ended.has(latest) ? latest : null;
    const history = [...new Set(s.commits)].sort((a, b) => a - b);
    out.set(scope, { committed: history[history.length - 1] ?? 0, latest, writing, pages: writing === null ? 0 : (s.pages.get(writing) ?? 0), history });
  }
  return out;
}
