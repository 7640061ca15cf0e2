import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { mongo } from 'mongoose';

/**
 * Pages and ops are stored as one compressed JSON blob per document: FerretDB's cost is per
 * stored value (it re-encodes every field), so 1,000 records in one binary field cost about as
 * much to write and read as one small document. Dates travel as ISO strings (see reviveAssociations).
 */
export function encodeBlob(value: unknown): mongo.Binary {
  return new mongo.Binary(deflateRawSync(Buffer.from(JSON.stringify(value)), { level: 1 }));
}

export function decodeBlob<T>(blob: mongo.Binary | Uint8Array): T {
  const bytes = blob instanceof mongo.Binary ? blob.buffer : blob;
  // No reviver: it runs for every value and made decoding ~5× slower.
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as T;
}

/** Associations come back with `createdAt` as an ISO string: make it a Date again. */
export function reviveAssociations<T extends { createdAt: Date }>(items: T[]): T[] {
  for (const a of items) if (!(a.createdAt instanceof Date)) a.createdAt = new Date(a.createdAt as unknown as string);
  return items;
}
