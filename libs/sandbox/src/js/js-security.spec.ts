import { createJsRunner, type JsRunner } from './js-runner.js';
import type { RunResult, SandboxRecord } from '../sandbox-types.js';

const records: SandboxRecord[] = [
  { id: 'a', data: { headline: '10 reasons' } },
  { id: 'b', data: { headline: 'Plain news' } },
];

/** The runner is healthy when the quickstart function still gives the right answers. */
async function expectHealthy(runner: JsRunner): Promise<void> {
  const res = await runner.run({ code: 'function lf(r) { return /^\\d/.test(r.headline) ? "clickbait" : undefined; }', kind: 'classification', records });
  expect([...res.results]).toEqual([
    ['a', 'clickbait'],
    ['b', null],
  ]);
}

const classify = (runner: JsRunner, code: string, limits = {}): Promise<RunResult<string>> =>
  runner.run({ code, kind: 'classification', records, limits });

describe('JS sandbox security', () => {
  let runner: JsRunner;
  beforeAll(() => {
    runner = createJsRunner({ limits: { perRecordMs: 250 }, memoryMb: 32 });
  });
  afterAll(() => runner.dispose());

  it.each([
    ['a constructor chain to process', 'return this.constructor.constructor("return process")().env.HOME;'],
    ['Function from a record value', 'return r.constructor.constructor("return process.env")().HOME;'],
    ['require', 'return require("fs").readFileSync("/etc/passwd", "utf8");'],
    ['process.env', 'return process.env.HOME;'],
    ['globalThis.process', 'return globalThis.process.env.HOME;'],
    ['eval of an import', 'return eval("import(\\"child_process\\")") && "imported";'],
    ['fetch', 'return fetch("http://example.com") && "fetched";'],
    ['setTimeout', 'setTimeout(() => {}, 10); return "scheduled";'],
    ['setInterval', 'setInterval(() => {}, 10); return "scheduled";'],
    ['a SharedArrayBuffer', 'new SharedArrayBuffer(8); return "shared";'],
    ['Atomics.wait', 'Atomics.wait(new Int32Array(4), 0, 0); return "waited";'],
    ['shared WebAssembly memory', 'new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }); return "wasm";'],
  ])('%s fails for the record and leaves the runner healthy', async (_what, body) => {
    const res = await classify(runner, `function lf(r) { ${body} }`);
    expect(res.results.size).toBe(0);
    expect(res.failures.map((f) => [f.recordId, f.reason])).toEqual([
      ['a', 'error'],
      ['b', 'error'],
    ]);
    await expectHealthy(runner);
  });

  it('import() hidden from the parser (eval) fails the record as an error', async () => {
    const res = await classify(runner, 'function lf(r) { return eval("imp" + "ort(\\"fs\\")") && "imported"; }');
    expect(res.failures.map((f) => f.message)).toEqual([
      'record a: import() is not available in the sandbox (no modules, files, network or processes)',
      'record b: import() is not available in the sandbox (no modules, files, network or processes)',
    ]);
    await expectHealthy(runner);
  });

  it('import() of a host module is a code error', async () => {
    const res = await classify(runner, 'function lf(r) { return import("fs").then(() => "imported"); }');
    expect(res.codeError).toMatch(/^line 1: import\(\) is not available/);
  });

  it('a code-level import of a host module is a code error', async () => {
    for (const spec of ['fs', 'node:child_process', 'http']) {
      const res = await classify(runner, `import x from "${spec}";\nfunction lf() { return "x"; }`);
      expect(res.status).toBe('code-error');
      expect(res.codeError).toContain(`cannot import "${spec}"`);
    }
  });

  it('an Atomics.wait loop cannot hang the host: the time limit catches it', async () => {
    const code = `function lf(r) {
  if (typeof Atomics === 'undefined' || typeof SharedArrayBuffer === 'undefined') { while (true) {} }
  const a = new Int32Array(new SharedArrayBuffer(4)); while (true) Atomics.wait(a, 0, 0, 10);
}`;
    const res = await classify(runner, code);
    expect(res.failures.map((f) => f.reason)).toEqual(['time-limit', 'time-limit']);
    await expectHealthy(runner);
  });

  it('while(true) is stopped by the per-record limit', async () => {
    const res = await classify(runner, 'function lf(r) { if (r.headline.startsWith("1")) { while (true) {} } return "ok"; }');
    expect(res.results.get('b')).toBe('ok');
    expect(res.failures).toEqual([{ recordId: 'a', reason: 'time-limit', message: 'record a: ran over the time limit (limit 250 ms per record)' }]);
    await expectHealthy(runner);
  });

  it('work left behind in promise callbacks cannot outlive the call', async () => {
    const res = await classify(runner, 'function lf(r) { Promise.resolve().then(() => { while (true) {} }); return "ok"; }');
    expect(res.failures.length).toBeGreaterThan(0);
    expect(res.failures.every((f) => f.reason === 'time-limit')).toBe(true);
    await expectHealthy(runner);
  });

  it('deep recursion fails the record with a RangeError', async () => {
    const res = await classify(runner, 'function lf(r) { const f = (n) => f(n + 1) + 1; return f(0); }');
    expect(res.failures[0]?.message).toMatch(/record a: lf threw RangeError: Maximum call stack size exceeded/);
    await expectHealthy(runner);
  });

  it('a memory bomb disposes the isolate, fails only that record, and a new isolate takes over', async () => {
    const code = 'function lf(r) { if (r.headline === "Plain news") { const a = []; while (true) a.push("x".repeat(1e5) + a.length); } return "ok"; }';
    const res = await classify(runner, code, { perRecordMs: 20_000 });
    expect(res.results.get('a')).toBe('ok');
    expect(res.failures).toEqual([{ recordId: 'b', reason: 'memory-limit', message: expect.stringMatching(/^record b: ran out of memory \(isolate limit 32 MB\)/) }]);
    expect(res.stats.restarts).toBeGreaterThanOrEqual(1);
    await expectHealthy(runner);
  }, 60_000);

  it('a huge string fails the record (output limit) without being copied out', async () => {
    const res = await runner.run({ code: 'function ac(r) { return "x".repeat(5e6); }', kind: 'attribute', attributeType: 'TEXT', records, limits: { perRecordMs: 5_000 } });
    expect(res.failures.map((f) => f.reason)).toEqual(['output-limit', 'output-limit']);
    const tooLong = await classify(runner, 'function lf(r) { return "x".repeat(2 ** 30); }', { perRecordMs: 5_000 });
    expect(tooLong.failures.every((f) => f.reason === 'error' || f.reason === 'memory-limit')).toBe(true);
    await expectHealthy(runner);
  }, 30_000);

  it('too many spans fail the record (output limit), an endless generator included', async () => {
    const res = await runner.run({
      code: 'function* lf(r) { while (true) yield ["x", 0, 1]; }',
      kind: 'extraction',
      targetAttribute: 'headline',
      records,
      limits: { maxSpansPerRecord: 10 },
    });
    expect(res.failures.map((f) => [f.reason, f.message])).toEqual([
      ['output-limit', 'record a: more than 10 spans'],
      ['output-limit', 'record b: more than 10 spans'],
    ]);
  });

  it('prototype pollution stays inside the run: the host and the next run never see it', async () => {
    const polluter = `function lf(r) {
  Object.prototype.polluted = "yes"; Array.prototype.includes = () => true; String.prototype.startsWith = () => true;
  r.__proto__.injected = "yes"; globalThis.leftover = "yes";
  return "done";
}`;
    const res = await classify(runner, polluter);
    expect(res.results.size).toBe(2);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['injected']).toBeUndefined();
    expect([1].includes(2)).toBe(false);

    const probe = await classify(runner, 'function lf(r) { return [({}).polluted, ({}).injected, typeof leftover, [1].includes(2)].join(","); }');
    expect(probe.results.get('a')).toBe(',,undefined,false');
    await expectHealthy(runner);
  });

  it('returned values cannot smuggle getters, prototypes or host objects to the caller', async () => {
    const res = await runner.run({
      code: 'function lf(r) { const x = ["a"]; Object.defineProperty(x, "evil", { get() { throw new Error("ran on host"); } }); x.__proto__ = { polluted: true }; return x; }',
      kind: 'multi-label',
      records,
    });
    const value = res.results.get('a');
    expect(value).toEqual(['a']);
    expect(Object.getPrototypeOf(value)).toBe(Array.prototype);
  });

  it('lookup lists are frozen copies: a function cannot change them for later records or the caller', async () => {
    const knowledge = { words: ['one'] };
    const res = await runner.run({
      code: 'import { words } from "knowledge";\nfunction lf(r) { try { words.push("two"); } catch (e) {} return String(words.length); }',
      kind: 'classification',
      records,
      knowledge,
    });
    expect([...res.results.values()]).toEqual(['1', '1']);
    expect(knowledge.words).toEqual(['one']);
  });

  it('throwing a hostile object is reported without running its getters on the host', async () => {
    const res = await classify(runner, 'function lf(r) { throw { get message() { while (true) {} } }; }');
    expect(res.failures.map((f) => f.reason)).toEqual(['time-limit', 'time-limit']);
    await expectHealthy(runner);
  });
});
