export type {
  AttributeDataType,
  AttributeOutput,
  AttributeValue,
  FailureReason,
  JsLanguage,
  JsRunRequest,
  KindOutputs,
  PythonRunRequest,
  RecordFailure,
  RunKind,
  RunRequestBase,
  RunResult,
  RunStats,
  RunStatus,
  SandboxLanguage,
  SandboxLimits,
  SandboxRecord,
  SandboxRunner,
  SpanOutput,
  TokenOffsets,
} from './sandbox-types.js';
export { DEFAULT_LIMITS, resolveLimits } from './sandbox-limits.js';
export { SandboxError } from './sandbox-error.js';
export type { SandboxErrorCode } from './sandbox-error.js';
export { createJsRunner } from './js/js-runner.js';
export type { JsRunner, JsRunnerOptions } from './js/js-runner.js';
export { createPythonRunner } from './python/python-runner.js';
export type { PythonRunner, PythonRunnerOptions } from './python/python-runner.js';
