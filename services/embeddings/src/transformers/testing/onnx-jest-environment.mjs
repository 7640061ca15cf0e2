// Jest runs each test file in its own V8 context, so typed arrays created by onnxruntime-node's
// native code (main realm) fail onnxruntime-common's `instanceof Float32Array` checks (test
// realm): "A float32 tensor's data must be type of function Float32Array()". Test files that run
// ONNX models opt into this environment with a docblock:
//   /** @jest-environment ./services/embeddings/src/transformers/testing/onnx-jest-environment.mjs */
// It hands the test realm the main realm's typed-array constructors; nothing else changes.
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (name in globalThis) this.global[name] = globalThis[name];
  }
}
