import type { ImportedHeuristic, ImportedLookupList, SnapshotImportBeginReply } from '@refinery/contracts';
import type { RefinerySnapshot } from '@refinery/refinery-snapshot';
import { bytePages } from './byte-pages.js';

/**
 * How a parsed refinery snapshot's heuristics and lookup lists map onto
 * `heuristics.snapshot-import.apply.v1` (pure: no I/O).
 */

/** Limits of the heuristics import contract. */
const MAX_NAME = 200;
const MAX_DESCRIPTION = 5_000;
const MAX_LIST_DESCRIPTION = 2_000;
const MAX_CODE = 100_000;
const MAX_TERM = 500;
/** Terms per list entry of one request (a list may span requests: they merge by name). */
const TERMS_PER_PART = 5_000;
const LISTS_PER_REQUEST = 500;
const HEURISTICS_PER_REQUEST = 1_000;

export interface HeuristicsImportRequest {
  lookupLists: ImportedLookupList[];
  heuristics: ImportedHeuristic[];
}

export interface HeuristicsImportPlan {
  /** Lists first (functions import them), then heuristics; each request bounded in items and bytes. */
  requests: HeuristicsImportRequest[];
  /** What could not be handed over, with the reason (logged by the import). */
  skipped: string[];
}

/**
 * The snapshot with a new id for every heuristic (in its heuristics and in the associations that
 * name it as their source). Heuristic ids are global in the heuristics service, so importing the
 * same snapshot twice must not reuse refinery's ids; records and heuristics get the same new ones.
 */
export function withFreshHeuristicIds(snapshot: RefinerySnapshot, newId: () => string): RefinerySnapshot {
  const ids = new Map<string, string>();
  const map = (id: string): string => {
    let mapped = ids.get(id);
    if (mapped === undefined) {
      mapped = newId();
      ids.set(id, mapped);
    }
    return mapped;
  };
  return {
    ...snapshot,
    heuristics: snapshot.heuristics.map((h) => ({ ...h, id: map(h.id) })),
    associations: snapshot.associations.map((a) => (a.source === 'HEURISTIC' && a.sourceId ? { ...a, sourceId: map(a.sourceId) } : a)),
  };
}

/** The requests for the heuristics service; tasks are matched by name with what records created. */
export function heuristicsImportPlan(snapshot: RefinerySnapshot, begun: Pick<SnapshotImportBeginReply, 'tasks'>, maxBytes: number): HeuristicsImportPlan {
  const skipped: string[] = [];
  const lists: ImportedLookupList[] = [];
  for (const list of snapshot.lookupLists) {
    const terms: ImportedLookupList['terms'] = [];
    for (const t of list.terms) {
      const value = t.value.trim();
      if (value === '' || value.length > MAX_TERM) skipped.push(`lookup list "${list.name}": term "${value.slice(0, 40)}" is empty or longer than ${MAX_TERM} characters`);
      else terms.push({ value, blacklisted: t.blacklisted });
    }
    const base = { name: list.name.trim().slice(0, MAX_NAME), description: list.description.slice(0, MAX_LIST_DESCRIPTION) };
    const parts = [...bytePages(terms, TERMS_PER_PART, maxBytes - 10_000)];
    for (const part of parts.length ? parts : [[]]) lists.push({ ...base, terms: part });
  }

  const taskIds = new Map<string, string>();
  const taskNames = new Map(snapshot.tasks.map((t) => [t.id, t.name]));
  for (const t of snapshot.tasks) {
    const created = begun.tasks.find((c) => c.name === t.name);
    if (created) taskIds.set(t.id, created.id);
  }
  const heuristics: ImportedHeuristic[] = [];
  for (const h of snapshot.heuristics) {
    const taskId = taskIds.get(h.taskId);
    if (!taskId) skipped.push(`heuristic "${h.name}": its labeling task "${taskNames.get(h.taskId) ?? h.taskId}" is not in the project`);
    else if (h.code.length > MAX_CODE) skipped.push(`heuristic "${h.name}": its code is longer than ${MAX_CODE} characters`);
    else {
      heuristics.push({
        id: h.id,
        name: h.name.trim().slice(0, MAX_NAME) || h.id,
        description: h.description.slice(0, MAX_DESCRIPTION),
        type: h.type,
        // refinery's labeling functions (and the code of its other heuristics) are Python.
        language: 'python',
        code: h.code,
        taskId,
        selected: h.isSelected,
      });
    }
  }

  const requests: HeuristicsImportRequest[] = [
    ...[...bytePages(lists, LISTS_PER_REQUEST, maxBytes)].map((page) => ({ lookupLists: page, heuristics: [] })),
    ...[...bytePages(heuristics, HEURISTICS_PER_REQUEST, maxBytes)].map((page) => ({ lookupLists: [], heuristics: page })),
  ];
  return { requests, skipped };
}
