import { encodeVarint, ProtobufWriter } from './protobuf-writer.js';

// expected bytes from the protobuf encoding guide (protobuf.dev/programming-guides/encoding)
describe('ProtobufWriter', () => {
  it('encodes varints, negative ones as ten bytes', () => {
    expect(Array.from(encodeVarint(1n))).toEqual([0x01]);
    expect(Array.from(encodeVarint(150n))).toEqual([0x96, 0x01]);
    expect(Array.from(encodeVarint(300n))).toEqual([0xac, 0x02]);
    expect(Array.from(encodeVarint(-1n))).toEqual([...Array<number>(9).fill(0xff), 0x01]);
  });

  it('writes tagged fields and embedded messages', () => {
    // message Test1 { int32 a = 1; } with a = 150 -> 08 96 01
    expect(Array.from(new ProtobufWriter().varint(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    // message Test2 { string b = 2; } with b = "testing" -> 12 07 74 65 73 74 69 6e 67
    expect(Array.from(new ProtobufWriter().string(2, 'testing').finish())).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    // message Test3 { Test1 c = 3; } -> 1a 03 08 96 01
    expect(Array.from(new ProtobufWriter().message(3, (m) => m.varint(1, 150)).finish())).toEqual([
      0x1a, 0x03, 0x08, 0x96, 0x01,
    ]);
  });

  it('packs repeated int64 values', () => {
    // repeated int32 f = 4 [packed] with 3, 270, 86942 -> 22 06 03 8e 02 9e a7 05
    expect(Array.from(new ProtobufWriter().packedInt64(4, [3, 270, 86942]).finish())).toEqual([
      0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,
    ]);
  });
});
