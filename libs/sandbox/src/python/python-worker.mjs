// Worker thread hosting one warm Pyodide interpreter for the Python sandbox.
//
// A plain .mjs file so that the same file runs from src (tests) and from dist (copied by tsc
// through `allowJs`): python-runner.ts starts it with `new URL('./python-worker.mjs', import.meta.url)`.
//
// What user code could reach through Pyodide's JS bridge is this thread's JS realm, so the realm
// is stripped once Pyodide has loaded: no process, require, fetch, timers or other host globals,
// no code generation from strings (Function constructors and eval are disabled, so no
// `import()` either), an empty `js` module, and an emptied `pyodide` API object (no FS, no
// NODEFS mounts). The host keeps only the two Python entry points captured before that.
import { parentPort, workerData } from 'node:worker_threads';

const { prelude, interruptBuffer, memoryBytes } = workerData;
const interrupt = new Int32Array(interruptBuffer);

// Memory cap: Emscripten grows the wasm heap through WebAssembly.Memory#grow; refusing growth
// past the limit makes Python raise MemoryError instead of taking the host's RAM.
let limitHit = false;
const grow = WebAssembly.Memory.prototype.grow;
Object.defineProperty(WebAssembly.Memory.prototype, 'grow', {
  value: function (delta) {
    if (this.buffer.byteLength + delta * 65536 > memoryBytes) {
      limitHit = true;
      throw new RangeError('sandbox memory limit');
    }
    return grow.call(this, delta);
  },
  writable: false,
  configurable: false,
});

// Members of Pyodide's internal API object that read host files, load code or packages, or
// snapshot the interpreter. Python can reach this object (`pyodide_js._api`), so they go.
const API_DENY = [
  'loadBinaryFile', 'install', 'loadDynlib', 'packageManager', 'initializeNodeSockFS', 'makeSnapshot',
  'restoreSnapshot', 'serializeHiwireState', 'saveState', 'restoreState', 'lockFilePromise', 'packageIndexReady',
  'config', 'public_api', 'tests', 'package_loader', 'flushPackageManagerBuffers', 'finalizeBootstrap',
  'bootstrapFinalizedPromise', 'lockfile', 'lockfile_info', 'lockfile_packages', 'rawRun', 'runPythonInternal',
  'runPythonInternal_dict', 'pyodide_code', 'pyodide_ffi', 'pyodide_py', 'pyodide_base', 'importlib', 'os', 'sys', 'globals',
];

const post = (message) => parentPort.postMessage(message);

let prepare;
let batch;
let heapBytes;
try {
  const { loadPyodide } = await import('pyodide');
  const sink = () => {};
  const py = await loadPyodide({ jsglobals: Object.freeze(Object.create(null)), stdout: sink, stderr: sink, env: {}, args: [] });
  py.setInterruptBuffer(interrupt);
  py.runPython(prelude);
  prepare = py.globals.get('_sandbox_prepare');
  batch = py.globals.get('_sandbox_batch');
  const module = py._module;
  heapBytes = () => module.HEAP8.byteLength;
  harden(py);
} catch (e) {
  post({ type: 'fatal', message: `Pyodide failed to start: ${e && e.message ? e.message : String(e)}` });
  process.exit(1);
}

function harden(py) {
  const api = py._api;
  for (const key of API_DENY) {
    try {
      delete api[key];
    } catch {
      // a non-configurable member stays; the realm check below still applies
    }
  }
  for (const key of Reflect.ownKeys(py)) {
    try {
      delete py[key];
    } catch {
      // non-configurable keys stay; none of them reach the host
    }
  }
  const blocked = function () {
    throw new Error('code generation is disabled in the sandbox');
  };
  const constructors = [Function, async function () {}.constructor, function* () {}.constructor, async function* () {}.constructor];
  let functionProxy;
  for (const F of constructors) {
    // A proxy keeps `instanceof Function` (Pyodide relies on it) while refusing to compile.
    const proxy = new Proxy(F, { apply: blocked, construct: blocked });
    Object.defineProperty(F.prototype, 'constructor', { value: proxy, writable: false, configurable: false });
    if (F === Function) functionProxy = proxy;
  }
  const keep = new Set([
    'Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined', 'Boolean', 'String',
    'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError',
    'SyntaxError', 'TypeError', 'URIError', 'globalThis', 'JSON', 'Math', 'ArrayBuffer', 'Atomics', 'Uint8Array',
    'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array',
    'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet',
    'Proxy', 'Reflect', 'FinalizationRegistry', 'WeakRef', 'decodeURI', 'decodeURIComponent', 'encodeURI',
    'encodeURIComponent', 'escape', 'unescape', 'isFinite', 'isNaN', 'Iterator', 'SharedArrayBuffer', 'WebAssembly',
    'TextDecoder', 'TextEncoder', 'performance', 'Float16Array',
  ]);
  for (const key of Reflect.ownKeys(globalThis)) {
    if (typeof key === 'string' && keep.has(key)) continue;
    try {
      delete globalThis[key];
    } catch {
      // ignore: checked below
    }
  }
  globalThis.Function = functionProxy;
  globalThis.console = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} });
  if (typeof globalThis.process !== 'undefined' || typeof globalThis.eval !== 'undefined') {
    throw new Error('the worker realm could not be stripped');
  }
}

function call(fn, payload) {
  Atomics.store(interrupt, 0, 0);
  limitHit = false;
  try {
    const result = fn(payload);
    return { ok: true, result, heapBytes: heapBytes(), limitHit };
  } catch (e) {
    const type = e && typeof e.type === 'string' ? e.type : '';
    if (type === 'KeyboardInterrupt') return { ok: false, kind: 'timeout', message: 'ran over the time limit', heapBytes: heapBytes(), limitHit };
    if (type === 'MemoryError') return { ok: false, kind: 'memory', message: 'ran out of memory', heapBytes: heapBytes(), limitHit };
    return { ok: false, kind: 'fatal', message: e && e.message ? String(e.message).slice(-2000) : String(e), heapBytes: 0, limitHit };
  }
}

parentPort.on('message', (message) => {
  const fn = message.op === 'prepare' ? prepare : batch;
  post({ type: 'reply', id: message.id, ...call(fn, message.payload) });
});
post({ type: 'ready' });
