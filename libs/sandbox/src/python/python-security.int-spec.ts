import { createPythonRunner, type PythonRunner } from './python-runner.js';
import type { SandboxRecord } from '../sandbox-types.js';

const records: SandboxRecord[] = [
  { id: 'a', data: { headline: '10 reasons' } },
  { id: 'b', data: { headline: 'Plain news' } },
];

async function expectHealthy(runner: PythonRunner): Promise<void> {
  const res = await runner.run({ code: 'def lf(record):\n    if record["headline"].text[0].isdigit():\n        return "clickbait"', kind: 'classification', records });
  expect([...res.results]).toEqual([
    ['a', 'clickbait'],
    ['b', null],
  ]);
}

const run = (runner: PythonRunner, code: string, limits = {}) => runner.run({ code, kind: 'classification', records, limits });

describe('Python sandbox security', () => {
  let runner: PythonRunner;
  beforeAll(async () => {
    runner = createPythonRunner({ workers: 1, limits: { perRecordMs: 1_000 }, memoryMb: 128, graceMs: 500 });
    await runner.warmUp();
  }, 120_000);
  afterAll(() => runner.dispose());

  it.each([
    ['import js', 'import js\ndef lf(record):\n    return str(js.process)'],
    ['import pyodide_js', 'import pyodide_js\ndef lf(record):\n    return str(pyodide_js.FS)'],
    ['from pyodide.ffi import', 'from pyodide.ffi import to_js\ndef lf(record):\n    return None'],
    ['import os-level process modules', 'import subprocess\ndef lf(record):\n    return None'],
    ['import socket', 'import socket\ndef lf(record):\n    return None'],
    ['import ctypes', 'import ctypes\ndef lf(record):\n    return None'],
  ])('%s is a code error', async (_what, code) => {
    const res = await run(runner, code);
    expect(res.status).toBe('code-error');
    expect(res.codeError).toMatch(/is not available/);
  });

  it.each([
    ['os.system', 'import os\ndef lf(record):\n    return str(os.system("touch /tmp/refinery-pwned"))'],
    ['a dynamic import of js', 'def lf(record):\n    return str(__import__("js").process)'],
    ['writing a file', 'def lf(record):\n    open("/tmp/x", "w").write("x")\n    return "wrote"'],
    ['reading host files', 'def lf(record):\n    return open("/etc/passwd").read()[:10]'],
    ['the JS bridge from sys.modules', 'import sys\ndef lf(record):\n    return str(sys.modules["js"])'],
    [
      'a JS constructor chain to process',
      'import sys\ndef lf(record):\n    gc = sys.modules["gc"]\n    o = next(v for d in gc.get_objects() if isinstance(d, dict) for v in list(d.values()) if type(v).__name__ == "JsProxy")\n    return str(o.constructor.constructor("return process")())',
    ],
    ['frame walking', 'import sys\ndef lf(record):\n    return str(sys._getframe(1).f_globals.keys())'],
  ])('%s fails the record and the worker stays healthy', async (_what, code) => {
    const res = await run(runner, code);
    expect(res.results.size).toBe(0);
    expect(res.failures.map((f) => [f.recordId, f.reason])).toEqual([
      ['a', 'error'],
      ['b', 'error'],
    ]);
    await expectHealthy(runner);
  });

  it('the environment of the host is not visible', async () => {
    const res = await run(runner, 'import os\ndef lf(record):\n    return ",".join(sorted(os.environ))');
    const seen = String(res.results.get('a'));
    for (const name of Object.keys(process.env).filter((k) => k.length > 3 && !['HOME', 'PATH', 'LANG', 'USER', 'PWD', 'LOGNAME'].includes(k))) {
      expect(seen.split(',')).not.toContain(name);
    }
  });

  it('a patched standard library does not leak into the next run', async () => {
    const tamper = await run(runner, 'import json, builtins\ndef lf(record):\n    json.dumps = lambda *a, **k: "EVIL"\n    builtins.len = lambda x: 42\n    return "tampered"');
    expect(tamper.results.get('a')).toBe('tampered');
    const after = await run(runner, 'import json\ndef lf(record):\n    return json.dumps([len("ab")])');
    expect(after.results.get('a')).toBe('[2]');
  });

  it('an infinite loop is interrupted by the per-record limit', async () => {
    const res = await run(runner, 'def lf(record):\n    while True:\n        pass', { perRecordMs: 300 });
    expect(res.failures.map((f) => f.reason)).toEqual(['time-limit', 'time-limit']);
    await expectHealthy(runner);
  });

  it('a loop that swallows the interrupt or sits in C code gets its worker terminated and replaced', async () => {
    const code = 'def lf(record):\n    if record["headline"].text == "Plain news":\n        return sum(range(10**12))\n    return "ok"';
    const res = await run(runner, code, { perRecordMs: 300 });
    expect(res.results.get('a')).toBe('ok');
    expect(res.failures).toEqual([expect.objectContaining({ recordId: 'b', reason: 'time-limit', message: expect.stringContaining('could not be interrupted; the Python worker was replaced') })]);
    await expectHealthy(runner);
  }, 120_000);

  it('a memory bomb fails its record with MemoryError at the heap limit and the worker is replaced', async () => {
    const code = 'def lf(record):\n    if record["headline"].text == "Plain news":\n        x = []\n        while True:\n            x.append("y" * 10**6)\n    return "ok"';
    const res = await run(runner, code, { perRecordMs: 30_000 });
    expect(res.results.get('a')).toBe('ok');
    expect(res.failures).toEqual([expect.objectContaining({ recordId: 'b', reason: 'memory-limit', message: expect.stringContaining('limit 128 MB') })]);
    await expectHealthy(runner);
  }, 120_000);

  it('deep recursion fails the record with RecursionError', async () => {
    const res = await run(runner, 'def lf(record):\n    def f(n):\n        return f(n + 1)\n    return f(0)');
    expect(res.failures[0]?.message).toMatch(/record a: lf raised RecursionError/);
    await expectHealthy(runner);
  });

  it('a huge string fails the record (output limit)', async () => {
    const res = await runner.run({ code: 'def ac(record):\n    return "x" * 5_000_000', kind: 'attribute', attributeType: 'TEXT', records });
    expect(res.failures.map((f) => f.reason)).toEqual(['output-limit', 'output-limit']);
  });
});
