/**
 * The few protocol-buffers wire-format primitives the ONNX fixture needs (varints, length-delimited
 * fields, packed repeated int64). Writing them by hand keeps the tests free of an `onnx`/`protobuf`
 * dependency; the format is stable (https://protobuf.dev/programming-guides/encoding/).
 */
export class ProtobufWriter {
  private readonly chunks: Uint8Array[] = [];

  /** field of wire type 0 (int32/int64/enum/bool); negative numbers take 10 bytes like protoc */
  varint(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.raw(encodeVarint(BigInt(value)));
    return this;
  }

  /** field of wire type 2 holding UTF-8 text */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** field of wire type 2 holding raw bytes (or an embedded message) */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.raw(encodeVarint(BigInt(value.length)));
    this.raw(value);
    return this;
  }

  /** an embedded message */
  message(field: number, build: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** a packed repeated int64 field */
  packedInt64(field: number, values: readonly (number | bigint)[]): this {
    const parts = values.map((v) => encodeVarint(BigInt(v)));
    return this.bytes(field, concat(parts));
  }

  finish(): Uint8Array {
    return concat(this.chunks);
  }

  private tag(field: number, wireType: number): void {
    this.raw(encodeVarint(BigInt((field << 3) | wireType)));
  }

  private raw(bytes: Uint8Array): void {
    this.chunks.push(bytes);
  }
}

/** base-128 varint; negative values as their 64-bit two's complement */
export function encodeVarint(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
