import { bytesOf, fromBase64, fromBytes, textHash, toBase64, toBuffer } from './vector-codec.js';

describe('vector codec', () => {
  it('round-trips float32 values through Buffer and base64 bit for bit', () => {
    const values = Float32Array.of(0, -1.5, 3.4028234663852886e38, 1e-45, Math.PI);
    expect(fromBytes(toBuffer(values))).toEqual(values);
    expect(fromBase64(toBase64(values))).toEqual(values);
  });

  it('reads a view at an odd offset (pooled Buffers) without alignment errors', () => {
    const bytes = Buffer.concat([Buffer.from([7]), toBuffer(Float32Array.of(1, 2))]).subarray(1);
    expect(Array.from(fromBytes(bytes))).toEqual([1, 2]);
  });

  it('refuses bytes that are not whole float32 values', () => {
    expect(() => fromBytes(new Uint8Array(5))).toThrow('not a multiple of 4');
  });

  it('reads BSON binaries as their bytes', () => {
    const buffer = new Uint8Array([1, 2, 3, 4]);
    expect(bytesOf({ buffer })).toBe(buffer);
    expect(() => bytesOf({ read: 1 })).toThrow('not binary');
  });

  it('hashes texts stably and tells edits apart', () => {
    expect(textHash('a headline')).toBe(textHash('a headline'));
    expect(textHash('a headline')).not.toBe(textHash('a headline!'));
  });
});
