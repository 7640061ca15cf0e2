import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createJsRunner, createPythonRunner, type JsRunner, type PythonRunner, type SandboxLimits } from '@refinery/sandbox';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER } from '@refinery/server-kit';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';

/**
 * One JavaScript runner (one isolate) and one Python runner (a pool of warm Pyodide workers) per
 * process, created on first use and kept warm: runs and previews share them, so "run on 10"
 * never pays an interpreter start.
 */
@Injectable()
export class SandboxPool implements OnApplicationBootstrap, OnApplicationShutdown {
  private js: JsRunner | undefined;
  private python: PythonRunner | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The limits every run and preview starts from (a caller may tighten the wall time). */
  limits(): Partial<SandboxLimits> {
    return {
      perRecordMs: this.config.HEURISTICS_PER_RECORD_MS,
      runWallMs: this.config.HEURISTICS_RUN_WALL_S * 1_000,
      maxOutputChars: this.config.HEURISTICS_MAX_OUTPUT_CHARS,
      maxLogLines: this.config.HEURISTICS_MAX_LOG_LINES,
    };
  }

  jsRunner(): JsRunner {
    this.js ??= createJsRunner({ memoryMb: this.config.HEURISTICS_JS_MEMORY_MB, limits: this.limits() });
    return this.js;
  }

  pythonRunner(): PythonRunner {
    this.python ??= createPythonRunner({
      workers: this.config.HEURISTICS_PY_WORKERS,
      memoryMb: this.config.HEURISTICS_PY_MEMORY_MB,
      limits: this.limits(),
    });
    return this.python;
  }

  onApplicationBootstrap(): void {
    // The first JavaScript run loads the TypeScript compiler synchronously (≈ 0.7 s of a blocked
    // event loop): better at boot than in the middle of a user's "run on 10".
    this.jsRunner()
      .run({ code: 'function lf(record) {}', kind: 'classification', records: [] })
      .catch((error: unknown) => this.logger.warn({ err: String(error) }, 'JavaScript sandbox warm-up failed'));
    if (!this.config.HEURISTICS_PY_WARMUP) return;
    // In the background: the service is ready at once, the first Python run waits if it must.
    const t0 = performance.now();
    this.pythonRunner()
      .warmUp()
      .then(
        () => this.logger.info({ ms: Math.round(performance.now() - t0) }, 'Python sandbox warm'),
        (error: unknown) => this.logger.warn({ err: String(error) }, 'Python sandbox warm-up failed; the first run retries'),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.js?.dispose(), this.python?.dispose()]);
  }
}
