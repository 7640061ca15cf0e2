import { createJsRunner, type JsRunner } from './js-runner.js';
import type { SandboxRecord } from '../sandbox-types.js';

const STARTS_WITH_DIGIT = `
function starts_with_digit(record) {
  const headline = record.headline;
  const headlineAsList = headline.split(" ");
  if (/^\\d+$/.test(headlineAsList[0])) return "clickbait";
}`;

const headlines = (...texts: string[]): SandboxRecord[] => texts.map((headline, i) => ({ id: `r${i}`, data: { headline } }));

describe('JS runner', () => {
  let runner: JsRunner;
  beforeAll(() => {
    runner = createJsRunner({ limits: { perRecordMs: 300 } });
  });
  afterAll(() => runner.dispose());

  it("runs the quickstart's starts_with_digit as the first top-level function", async () => {
    const res = await runner.run({ code: STARTS_WITH_DIGIT, kind: 'classification', records: headlines('10 ways to nap', 'Markets fall', '7') });
    expect(res.status).toBe('ok');
    expect([...res.results]).toEqual([
      ['r0', 'clickbait'],
      ['r1', null],
      ['r2', 'clickbait'],
    ]);
    expect(res.stats).toMatchObject({ records: 3, succeeded: 3, abstained: 1, failed: 0, notRun: 0 });
  });

  it('imports lookup lists from "knowledge" in TypeScript, with types stripped', async () => {
    const code = `import { country_related } from "knowledge";
interface Rec { headline: string }
function lookup_not_clickbait(record: Rec): string | undefined {
  for (const term of country_related) if (record.headline.toLowerCase().includes(term.toLowerCase())) return "no clickbait";
}`;
    const res = await runner.run({
      code,
      language: 'typescript',
      kind: 'classification',
      records: headlines('Germany wins', 'You will cry'),
      knowledge: { country_related: ['germany', 'France'] },
    });
    expect([...res.results]).toEqual([
      ['r0', 'no clickbait'],
      ['r1', null],
    ]);
  });

  it('supports `import * as k from "knowledge"`, `export function` and renamed imports', async () => {
    const code = `import * as k from "knowledge";\nimport { words as w } from "knowledge";\nexport function lf(r) { return k.words.length === w.length ? "same" : "diff"; }`;
    const res = await runner.run({ code, kind: 'classification', records: headlines('a'), knowledge: { words: ['x'] } });
    expect(res.results.get('r0')).toBe('same');
  });

  it('prefers `lf` over earlier helpers, and honours an explicit entry', async () => {
    const code = 'function helper() { return "helper"; }\nfunction lf() { return "lf"; }\nfunction other() { return "other"; }';
    expect((await runner.run({ code, kind: 'classification', records: headlines('a') })).results.get('r0')).toBe('lf');
    expect((await runner.run({ code, entry: 'other', kind: 'classification', records: headlines('a') })).results.get('r0')).toBe('other');
    const arrow = await runner.run({ code: 'const pick = (r) => r.headline.length > 1 ? "long" : undefined;', kind: 'classification', records: headlines('ab') });
    expect(arrow.results.get('r0')).toBe('long');
  });

  it('returns multi-label arrays (deduplicated; a single string counts as one label)', async () => {
    const code = 'function lf(r) { return r.headline === "one" ? "a" : r.headline === "none" ? [] : ["a", "b", "a"]; }';
    const res = await runner.run({ code, kind: 'multi-label', records: headlines('one', 'two', 'none') });
    expect([...res.results]).toEqual([
      ['r0', ['a']],
      ['r1', ['a', 'b']],
      ['r2', null],
    ]);
  });

  it('collects extraction spans from a generator as character ranges, end exclusive', async () => {
    const code = `function* lf(record) {
  const re = /\\d+/g; let m;
  while ((m = re.exec(record.headline))) yield ["number", m.index, m.index + m[0].length];
}`;
    const res = await runner.run({ code, kind: 'extraction', targetAttribute: 'headline', records: headlines('7 of 12', 'none') });
    expect(res.results.get('r0')).toEqual([
      ['number', 0, 1],
      ['number', 5, 7],
    ]);
    expect(res.results.get('r1')).toBeNull();
  });

  it('rejects spans outside the target attribute or with a bad shape, naming the record', async () => {
    const code = 'function lf(r) { return r.headline === "a" ? [["x", 0, 5]] : r.headline === "b" ? [["x", 1, 1]] : [["x", 0.5, 1]]; }';
    const res = await runner.run({ code, kind: 'extraction', targetAttribute: 'headline', records: headlines('a', 'b', 'c') });
    expect(res.failures).toEqual([
      expect.objectContaining({ recordId: 'r0', reason: 'invalid-span', message: expect.stringContaining('record r0: span 0 [0, 5)') }),
      expect.objectContaining({ recordId: 'r1', reason: 'invalid-span' }),
      expect.objectContaining({ recordId: 'r2', reason: 'wrong-type', message: expect.stringContaining('integer') }),
    ]);
  });

  it('skips a record that throws and names it with the line', async () => {
    const code = 'function lf(r) {\n  if (r.headline === "bad") throw new Error("boom");\n  return "ok";\n}';
    const res = await runner.run({ code, kind: 'classification', records: headlines('good', 'bad') });
    expect(res.results.get('r0')).toBe('ok');
    expect(res.failures).toEqual([{ recordId: 'r1', reason: 'error', message: 'record r1: lf threw Error: boom (line 2)' }]);
  });

  it.each([
    ['a number', 'return 5;'],
    ['an object', 'return { label: "x" };'],
    ['a promise', 'return Promise.resolve("x");'],
    ['NaN', 'return NaN;'],
    ['an empty label', 'return "";'],
    ['a function', 'return () => 1;'],
  ])('skips a record returning %s as wrong-type', async (_what, body) => {
    const res = await runner.run({ code: `function lf(r) { ${body} }`, kind: 'classification', records: headlines('a') });
    expect(res.failures).toEqual([expect.objectContaining({ recordId: 'r0', reason: 'wrong-type', message: expect.stringMatching(/^record r0: /) })]);
    expect(res.results.size).toBe(0);
  });

  it('captures console.log per record, bounded by the log limits', async () => {
    const code = 'function lf(r) { console.log("seen", r.headline, { n: 1 }); console.log("x".repeat(50)); }';
    const res = await runner.run({
      code,
      kind: 'classification',
      records: headlines('a', 'b', 'c'),
      limits: { maxLogLines: 4, maxLogLineChars: 20 },
    });
    expect(res.logs).toEqual(['[record r0] seen a {"n":1}', `[record r0] ${'x'.repeat(20)}… (truncated)`, '[record r1] seen b {"n":1}', `[record r1] ${'x'.repeat(20)}… (truncated)`, '… 2 more log lines dropped (limit 4)']);
  });

  it('reports code errors without running any record', async () => {
    const cases: [string, RegExp][] = [
      ['function lf(r) { return r.headline', /SyntaxError: .*end of the code/],
      ['const x = 1;', /no top-level function found: define function lf\(record\)/],
      ['import { nope } from "knowledge";\nfunction lf() {}', /lookup list "nope" does not exist; available: words/],
      ['import fs from "node:fs";\nfunction lf() {}', /line 1: cannot import "node:fs"/],
      ['async function lf() { return "a"; }', /lf is async/],
      ['throw new Error("top");\nfunction lf() {}', /top level threw Error: top/],
      ['while (true) {}\nfunction lf() {}', /top level ran over/],
    ];
    for (const [code, message] of cases) {
      const res = await runner.run({ code, kind: 'classification', records: headlines('a'), knowledge: { words: [] }, limits: { setupMs: 200 } });
      expect(res.status).toBe('code-error');
      expect(res.codeError).toMatch(message);
      expect(res.stats.notRun).toBe(1);
    }
    const ts = await runner.run({ code: 'function lf(r: string { }', language: 'typescript', kind: 'classification', records: headlines('a') });
    expect(ts.codeError).toMatch(/^TypeScript: line 1: /);
  });

  it('runs computed attributes and checks the declared type strictly', async () => {
    const code = 'function ac(record) { return record.headline.length; }';
    const ok = await runner.run({ code, kind: 'attribute', attributeType: 'INTEGER', records: headlines('abc') });
    expect(ok.results.get('r0')).toBe(3);

    const cases: [string, string, unknown][] = [
      ['TEXT', 'return record.headline.toUpperCase();', 'ABC'],
      ['CATEGORY', 'return "short";', 'short'],
      ['FLOAT', 'return 1.5;', 1.5],
      ['BOOLEAN', 'return true;', true],
      ['EMBEDDING_LIST', 'return record.headline.split("");', ['a', 'b', 'c']],
    ];
    for (const [type, body, expected] of cases) {
      const res = await runner.run({ code: `function ac(record) { ${body} }`, kind: 'attribute', attributeType: type as 'TEXT', records: headlines('abc') });
      expect(res.results.get('r0')).toEqual(expected);
    }
    const wrong: [string, string][] = [
      ['INTEGER', 'return 1.5;'],
      ['FLOAT', 'return "1.5";'],
      ['BOOLEAN', 'return 1;'],
      ['TEXT', 'return 3;'],
      ['EMBEDDING_LIST', 'return [1, 2];'],
    ];
    for (const [type, body] of wrong) {
      const res = await runner.run({ code: `function ac(record) { ${body} }`, kind: 'attribute', attributeType: type as 'TEXT', records: headlines('abc') });
      expect(res.failures).toEqual([expect.objectContaining({ recordId: 'r0', reason: 'wrong-type', message: expect.stringContaining(`${type} attribute`) })]);
    }
  });

  it('reruns an overrunning batch record by record: only the slow record fails, the others keep their outputs', async () => {
    const records = headlines(...Array.from({ length: 50 }, (_, i) => (i === 20 ? 'loop' : `h${i}`)));
    const code = 'function lf(r) { if (r.headline === "loop") { while (true) {} } return "ok"; }';
    const res = await runner.run({ code, kind: 'classification', records, limits: { perRecordMs: 100, batchSize: 25 } });
    expect(res.status).toBe('ok');
    expect(res.results.size).toBe(49);
    expect(res.failures).toEqual([{ recordId: 'r20', reason: 'time-limit', message: 'record r20: ran over the time limit (limit 100 ms per record)' }]);
  });

  it('runs the next batch while checking the last: a slow record in that batch still fails alone, no log is lost', async () => {
    const records = headlines(...Array.from({ length: 60 }, (_, i) => (i === 45 ? 'loop' : `h${i}`)));
    const code = 'function lf(r) { console.log(r.headline); if (r.headline === "loop") { while (true) {} } return "ok"; }';
    const res = await runner.run({ code, kind: 'classification', records, limits: { perRecordMs: 100, batchSize: 10 } });
    expect(res.status).toBe('ok');
    expect(res.results.size).toBe(59);
    expect(res.failures).toEqual([{ recordId: 'r45', reason: 'time-limit', message: 'record r45: ran over the time limit (limit 100 ms per record)' }]);
    const logged = res.logs.filter((l) => /h\d+$/.test(l));
    expect(logged).toHaveLength(59);
  });

  it('gives the function the same plain records whichever way a batch travels (pooled strings or JSON)', async () => {
    const data: SandboxRecord['data'][] = [
      // same keys: strings pooled, other values as JSON
      { h: '', n: 1 },
      { h: 'é 😀 \ud800 \u2028 "q" \\', n: null },
      { h: 'x'.repeat(3000), n: ['a', 'b'] },
      { h: 'plain', n: true },
      // different shapes, an undefined value: the records as JSON
      { a: 'x' },
      { b: 2.5 },
      { a: 'y', u: undefined as unknown as string },
      {},
      // a key named __proto__ and an index-like key, pooled
      JSON.parse('{"__proto__": "p", "z": "zed", "1": "one"}') as SandboxRecord['data'],
      JSON.parse('{"__proto__": "q", "z": "", "1": "two"}') as SandboxRecord['data'],
    ];
    const code = 'function ac(r) { return JSON.stringify([Object.getPrototypeOf(r) === Object.prototype, Object.keys(r), r]); }';
    const records = data.map((d, i) => ({ id: `r${i}`, data: d }));
    const res = await runner.run({ code, kind: 'attribute', attributeType: 'TEXT', records, limits: { batchSize: 4 } });
    expect(res.failures).toEqual([]);
    const expected = data.map((d) => {
      const plain = JSON.parse(JSON.stringify(d)) as object;
      return JSON.stringify([true, Object.keys(plain), plain]);
    });
    expect(records.map((r) => res.results.get(r.id))).toEqual(expected);
  });

  it("records keep their own values when the code's top level puts accessors on Object.prototype", async () => {
    const code = `Object.defineProperty(Object.prototype, "headline", { set(v) {}, get() { return "hijacked"; }, configurable: true });
function lf(r) { return r.headline; }`;
    const res = await runner.run({ code, kind: 'classification', records: headlines('one', 'two') });
    expect([...res.results.values()]).toEqual(['one', 'two']);
  });

  it('stops at the run wall time and counts the records not reached', async () => {
    const code = 'function lf(r) { const t = Date.now(); while (Date.now() - t < 30) {} return "slow"; }';
    const res = await runner.run({ code, kind: 'classification', records: headlines(...Array.from({ length: 40 }, (_, i) => `h${i}`)), limits: { runWallMs: 200, batchSize: 4 } });
    expect(res.status).toBe('wall-time-exceeded');
    expect(res.stats.notRun).toBeGreaterThan(0);
    expect(res.stats.succeeded + res.stats.notRun + res.stats.failed).toBe(40);
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const res = await runner.run({ code: STARTS_WITH_DIGIT, kind: 'classification', records: headlines('1'), signal: controller.signal });
    expect(res.status).toBe('cancelled');
    expect(res.stats.notRun).toBe(1);
  });

  it('rejects malformed requests naming the field', async () => {
    const bad: [object, RegExp][] = [
      [{ code: '', kind: 'classification', records: [] }, /"code"/],
      [{ code: 'function lf(){}', kind: 'nope', records: [] }, /"kind"/],
      [{ code: 'function lf(){}', kind: 'attribute', records: [] }, /"attributeType"/],
      [{ code: 'function lf(){}', kind: 'extraction', records: [] }, /"targetAttribute"/],
      [{ code: 'function lf(){}', kind: 'classification', records: [{ id: 'a', data: {} }, { id: 'a', data: {} }] }, /records\[1\]\.id "a" is duplicated/],
      [{ code: 'function lf(){}', kind: 'classification', records: [], knowledge: { 'bad-name': [] } }, /knowledge list "bad-name"/],
      [{ code: 'function lf(){}', kind: 'classification', records: [], limits: { perRecordMs: -1 } }, /limit "perRecordMs"/],
    ];
    for (const [request, message] of bad) {
      await expect(runner.run(request as never)).rejects.toThrow(message);
    }
  });
});
