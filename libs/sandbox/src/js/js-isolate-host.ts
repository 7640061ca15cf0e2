import ivm from 'isolated-vm';
import { JS_PRELUDE } from './js-prelude.js';
import { USER_FILENAME } from './js-source-transform.js';

const SCRIPT_CACHE_LIMIT = 128;

/**
 * Owns one isolate (created lazily, replaced when a memory bomb disposes it) and the scripts
 * compiled in it: the prelude once per isolate, user code once per code hash.
 */
export class JsIsolateHost {
  private isolate: ivm.Isolate | undefined;
  private prelude: ivm.Script | undefined;
  private readonly scripts = new Map<string, ivm.Script>();
  private created = 0;

  constructor(readonly memoryMb: number) {}

  /** isolates created beyond the first */
  get replacements(): number {
    return Math.max(0, this.created - 1);
  }

  async current(): Promise<{ isolate: ivm.Isolate; prelude: ivm.Script }> {
    if (!this.isolate || this.isolate.isDisposed || !this.prelude) {
      this.scripts.clear();
      this.isolate = new ivm.Isolate({ memoryLimit: this.memoryMb });
      this.created++;
      this.prelude = await this.isolate.compileScript(JS_PRELUDE, { filename: 'file:///sandbox-prelude.js' });
    }
    return { isolate: this.isolate, prelude: this.prelude };
  }

  /** Compiles (or reuses) user code; a syntax error rejects with V8's message. */
  async script(hash: string, source: string): Promise<ivm.Script> {
    const { isolate } = await this.current();
    const cached = this.scripts.get(hash);
    if (cached) return cached;
    const script = await isolate.compileScript(source, { filename: USER_FILENAME });
    if (this.scripts.size >= SCRIPT_CACHE_LIMIT) {
      const oldest = this.scripts.keys().next().value as string;
      this.scripts.get(oldest)?.release();
      this.scripts.delete(oldest);
    }
    this.scripts.set(hash, script);
    return script;
  }

  dispose(): void {
    if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
    this.isolate = undefined;
    this.prelude = undefined;
    this.scripts.clear();
  }
}
