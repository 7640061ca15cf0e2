import { ProtobufWriter } from './protobuf-writer.js';

/**
 * Serialises a small ONNX `ModelProto` (onnx/onnx.proto3, field numbers below) so the tests can
 * generate a real model file instead of shipping or downloading one.
 */

/** TensorProto.DataType values used here */
export enum OnnxDataType {
  Float = 1,
  Int64 = 7,
}

/** AttributeProto.AttributeType values used here */
const ATTRIBUTE_INT = 2;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** integer attributes only (e.g. Cast's `to`) */
  readonly intAttributes?: Readonly<Record<string, number>>;
}

export interface OnnxValueInfo {
  readonly name: string;
  readonly type: OnnxDataType;
  /** a number is a fixed size, a string a symbolic one (e.g. `batch`) */
  readonly shape: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers: readonly OnnxTensor[];
  readonly nodes: readonly OnnxNode[];
  /** default opset version of the ai.onnx domain */
  readonly opset: number;
}

export function writeOnnxModel(graph: OnnxGraph): Uint8Array {
  const model = new ProtobufWriter();
  model.varint(1, 8); // ir_version 8 (ONNX 1.10+, opsets up to 17)
  model.string(2, 'refinery-test-fixture'); // producer_name
  model.message(7, (g) => writeGraph(g, graph)); // graph
  model.message(8, (o) => o.string(1, '').varint(2, graph.opset)); // opset_import
  return model.finish();
}

function writeGraph(w: ProtobufWriter, graph: OnnxGraph): void {
  graph.nodes.forEach((node, i) => w.message(1, (n) => writeNode(n, node, i)));
  w.string(2, graph.name);
  for (const t of graph.initializers) w.message(5, (m) => writeTensor(m, t));
  for (const v of graph.inputs) w.message(11, (m) => writeValueInfo(m, v));
  for (const v of graph.outputs) w.message(12, (m) => writeValueInfo(m, v));
}

function writeNode(w: ProtobufWriter, node: OnnxNode, index: number): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, `${node.op.toLowerCase()}_${index}`);
  w.string(4, node.op);
  for (const [name, value] of Object.entries(node.intAttributes ?? {}))
    w.message(5, (a) => a.string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT));
}

function writeTensor(w: ProtobufWriter, tensor: OnnxTensor): void {
  const expected = tensor.dims.reduce((n, d) => n * d, 1);
  if (tensor.data.length !== expected)
    throw new Error(
      `tensor "${tensor.name}": dims [${tensor.dims.join(', ')}] need ${expected} values, got ${tensor.data.length}`,
    );
  w.packedInt64(1, tensor.dims);
  w.varint(2, tensor.data instanceof Float32Array ? OnnxDataType.Float : OnnxDataType.Int64);
  w.string(8, tensor.name);
  // raw_data is little-endian, as typed arrays are on every platform Node runs on here
  w.bytes(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
}

function writeValueInfo(w: ProtobufWriter, info: OnnxValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.varint(1, info.type);
      tensorType.message(2, (shape) => {
        for (const dim of info.shape)
          shape.message(1, (d) => (typeof dim === 'number' ? d.varint(1, dim) : d.string(2, dim)));
      });
    }),
  );
}
