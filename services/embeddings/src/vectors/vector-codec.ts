import { createHash } from 'node:crypto';

/** Float32 values as stored in Mongo (BSON binary) and sent over NATS (base64): little-endian bytes. */
export function toBuffer(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** A copy, so the result is aligned whatever the Buffer's offset in its pool. */
export function fromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`vector bytes (${bytes.byteLength}) are not a multiple of 4`);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function toBase64(values: Float32Array): string {
  return toBuffer(values).toString('base64');
}

export function fromBase64(text: string): Float32Array {
  return fromBytes(Buffer.from(text, 'base64'));
}

/** What tells a changed text from an embedded one (8 bytes of SHA-1 are plenty per record). */
export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 11);
}

/** A Buffer field as read back: a Buffer (hydrated) or a BSON Binary (lean reads). */
export function bytesOf(value: Uint8Array | { buffer: Uint8Array } | { read?: unknown }): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if ('buffer' in value && value.buffer instanceof Uint8Array) return value.buffer;
  throw new Error('stored vectors are not binary');
}
