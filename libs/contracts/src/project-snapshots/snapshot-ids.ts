import { sha256 } from './sha256.js';

/**
 * Ids in a project snapshot are the source project's; an import gives every one a new id so the
 * new project is independent of the old one (heuristic ids, for one, are global). Every part
 * derives the new id itself from the import's random `salt` — `uuid(sha256(salt + NUL + oldId))`
 * — so no id map travels between services: records maps a HEURISTIC output's `sourceId` to the
 * id the heuristics part will give that heuristic, embeddings will map record ids the same way.
 */
export function snapshotId(salt: string, oldId: string): string {
  const b = sha256(`${salt}\u0000${oldId}`);
  // Shaped as a version-8 (custom) UUID so it passes wherever UUIDs are expected.
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b.subarray(0, 16), (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Ids of people and organizations: they are not the project's and keep their value. */
const OUTSIDE_IDS: ReadonlySet<string> = new Set(['userId', 'userIds', 'authorId', 'orgId']);

/**
 * A field holding an id (or ids) of the project: its name ends in `Id` or `Ids` (`taskId`,
 * `labelIds`, `heuristicId`, `embeddingId`), except user and organization ids.
 */
export function isIdField(key: string): boolean {
  return /[a-z]Ids?$/.test(key) && !OUTSIDE_IDS.has(key);
}

/**
 * A copy of a JSON value (a data-browser query, say) with every string under an id field
 * remapped by `snapshotId` — the rule that keeps saved queries pointing at the imported
 * tasks, labels, heuristics and records without the service knowing each query shape.
 */
export function remapIdFields(value: unknown, salt: string, under = false): unknown {
  if (typeof value === 'string') return under ? snapshotId(salt, value) : value;
  if (Array.isArray(value)) return value.map((v) => remapIdFields(v, salt, under));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = remapIdFields(v, salt, isIdField(k));
    return out;
  }
  return value;
}
