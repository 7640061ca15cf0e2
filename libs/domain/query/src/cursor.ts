// Opaque keyset cursors: base64url(JSON) of the last row's sort key, tagged with a fingerprint of
// the ordering so a cursor from another ordering (or a tampered one) is rejected, not misread.

import { QueryError } from './query-error.js';
import type { Order } from './query.schema.js';
import { hash53 } from './seeded-random.js';
import type { Scalar } from './value-order.js';

const VERSION = 1;

// btoa/atob + TextEncoder instead of Buffer: the schema side of this library may run in browsers.
function toBase64Url(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
  );
}

export interface CursorKey {
  /** Segment index (seeded random walks two); 0 otherwise. */
  readonly segment: number;
  /** Values of the plan's key fields (sorted plans) or `[score, id]` (similarity). */
  readonly values: readonly Scalar[];
}

interface CursorJson {
  v: number;
  f: string;
  s: number;
  k: Scalar[];
}

export function orderFingerprint(order: Order): string {
  return hash53(JSON.stringify(order)).toString(36);
}

export function encodeCursor(order: Order, key: CursorKey): string {
  const json: CursorJson = {
    v: VERSION,
    f: orderFingerprint(order),
    s: key.segment,
    k: [...key.values],
  };
  return toBase64Url(JSON.stringify(json));
}

const isScalar = (v: unknown): v is Scalar =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** Decodes and checks a cursor against the ordering and the expected key length. */
export function decodeCursor(
  cursor: string,
  order: Order,
  keyLength: number,
  segments: number,
): CursorKey {
  const bad = (why: string): QueryError => QueryError.single('INVALID_CURSOR', 'page.cursor', why);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(cursor));
  } catch {
    throw bad('not a cursor of this API');
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad('not a cursor of this API');
  const c = parsed as Partial<CursorJson>;
  if (c.v !== VERSION) throw bad('cursor version is not supported');
  if (c.f !== orderFingerprint(order)) throw bad('cursor belongs to another ordering');
  if (typeof c.s !== 'number' || !Number.isInteger(c.s) || c.s < 0 || c.s >= segments)
    throw bad('cursor segment out of range');
  if (!Array.isArray(c.k) || c.k.length !== keyLength || !c.k.every(isScalar))
    throw bad('cursor key does not fit the ordering');
  return { segment: c.s, values: c.k };
}
