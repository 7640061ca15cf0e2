import { createPythonRunner, type PythonRunner } from './python-runner.js';
import type { SandboxRecord } from '../sandbox-types.js';

// The quickstart's functions as written (indentation restored; the page mangles whitespace).
const STARTS_WITH_DIGIT = `def starts_with_digit(record):
    headline = record["headline"].text
    headline_as_list = headline.split(" ")
    if(headline_as_list[0].isnumeric()):
        return "clickbait"
`;
const LOOKUP_NOT_CLICKBAIT = `from knowledge import country_related

def lookup_not_clickbait(record):
    for term in country_related:
        if(term.lower() in record["headline"].text.lower()):
            return "no clickbait"
`;
const LOOKUP_CLICKBAIT = LOOKUP_NOT_CLICKBAIT.replaceAll('country_related', 'clickbait_expression')
  .replace('lookup_not_clickbait', 'lookup_clickbait')
  .replace('"no clickbait"', '"clickbait"');

const headlines = (...texts: string[]): SandboxRecord[] => texts.map((headline, i) => ({ id: `r${i}`, data: { headline } }));

describe('Python runner (Pyodide in worker threads)', () => {
  let runner: PythonRunner;
  beforeAll(async () => {
    runner = createPythonRunner({ workers: 1, limits: { perRecordMs: 1_000 }, memoryMb: 256, graceMs: 500 });
    await runner.warmUp();
  }, 120_000);
  afterAll(() => runner.dispose());

  it("runs the quickstart's three labeling functions as written", async () => {
    const records = headlines('10 Things You Need To Know', 'Germany And France Sign Deal', 'You Will Not Believe This');
    const knowledge = { country_related: ['Germany', 'France'], clickbait_expression: ['will not believe'] };
    const digit = await runner.run({ code: STARTS_WITH_DIGIT, kind: 'classification', records, knowledge });
    expect([...digit.results]).toEqual([
      ['r0', 'clickbait'],
      ['r1', null],
      ['r2', null],
    ]);
    const country = await runner.run({ code: LOOKUP_NOT_CLICKBAIT, kind: 'classification', records, knowledge });
    expect(country.results.get('r1')).toBe('no clickbait');
    expect(country.stats.abstained).toBe(2);
    const expression = await runner.run({ code: LOOKUP_CLICKBAIT, kind: 'classification', records, knowledge });
    expect(expression.results.get('r2')).toBe('clickbait');
  });

  it('gives text attributes as documents: tokens with text/idx/i, spans with characters, len() in tokens', async () => {
    const code = `def lf(record):
    doc = record["headline"]
    span = doc[1:3]
    print(len(doc), str(doc), [(t.text, t.idx, t.i) for t in doc][:3], span.text, span.start_char, span.end_char, record["views"])
`;
    const res = await runner.run({ code, kind: 'classification', records: [{ id: 'x', data: { headline: "Don't miss it!", views: 7 } }] });
    expect(res.logs).toEqual(["[record x] 5 Don't miss it! [('Do', 0, 0), (\"n't\", 2, 1), ('miss', 6, 2)] n't miss 2 10 7"]);
  });

  it('uses the tokens the caller passes', async () => {
    const code = 'def lf(record):\n    return "/".join(t.text for t in record["headline"])';
    const res = await runner.run({ code, kind: 'classification', records: [{ id: 'x', data: { headline: 'ab cd' }, tokens: { headline: [0, 1, 1, 2, 3, 5] } }] });
    expect(res.results.get('x')).toBe('a/b/cd');
  });

  it('converts extraction token ranges (end exclusive) to character ranges', async () => {
    const code = `def lf(record):
    for token in record["headline"]:
        if token.text.isnumeric():
            yield "number", token.i, token.i + 1
    yield "head", 0, 2
`;
    const res = await runner.run({ code, kind: 'extraction', targetAttribute: 'headline', records: headlines('Top 10 cats') });
    expect(res.results.get('r0')).toEqual([
      ['number', 4, 6],
      ['head', 0, 6],
    ]);
    const bad = await runner.run({ code: 'def lf(record):\n    yield "x", 2, 9', kind: 'extraction', targetAttribute: 'headline', records: headlines('a b') });
    expect(bad.failures).toEqual([expect.objectContaining({ recordId: 'r0', reason: 'invalid-span', message: 'record r0: span 0 (2, 9) is not a non-empty token range of "headline" (2 tokens, end exclusive)' })]);
  });

  it('explains what is not available: spaCy attributes, spaCy itself, other packages', async () => {
    for (const attr of ['ent_type_', 'pos_', 'lemma_']) {
      const res = await runner.run({ code: `def lf(record):\n    return record["headline"][0].${attr}`, kind: 'classification', records: headlines('Cats') });
      expect(res.failures[0]?.message).toMatch(new RegExp(`token\\.${attr} is not available: .*available on a token: text, idx`));
    }
    const ents = await runner.run({ code: 'def lf(record):\n    return record["headline"].ents', kind: 'classification', records: headlines('Cats') });
    expect(ents.failures[0]?.message).toContain('document.ents is not available');
    for (const pkg of ['spacy', 'numpy', 'sklearn']) {
      const res = await runner.run({ code: `import ${pkg}\ndef lf(record):\n    return None`, kind: 'classification', records: headlines('Cats') });
      expect(res.status).toBe('code-error');
      expect(res.codeError).toMatch(new RegExp(`line 1: module '${pkg}' is not available: functions run on Python's standard library only`));
    }
  });

  it('reports code errors: syntax, missing function, unknown lookup list, top-level failures', async () => {
    const cases: [string, RegExp][] = [
      ['def lf(record)\n    return 1', /^SyntaxError: .*\(line 1\)/],
      ['x = 1', /no top-level function found: define def lf\(record\):/],
      ['from knowledge import nope\ndef lf(r):\n    return None', /line 1: lookup list "nope" does not exist; available: words/],
      ['raise ValueError("top")\ndef lf(r):\n    return None', /top level raised ValueError: top/],
      ['async def lf(r):\n    return "a"', /lf is async/],
    ];
    for (const [code, message] of cases) {
      const res = await runner.run({ code, kind: 'classification', records: headlines('a'), knowledge: { words: ['w'] } });
      expect(res.status).toBe('code-error');
      expect(res.codeError).toMatch(message);
    }
  });

  it('skips records that raise or return the wrong type, naming them', async () => {
    const code = 'def lf(record):\n    t = record["headline"].text\n    if t == "raise":\n        raise KeyError("k")\n    if t == "int":\n        return 5\n    return "ok"';
    const res = await runner.run({ code, kind: 'classification', records: headlines('fine', 'raise', 'int') });
    expect(res.results.get('r0')).toBe('ok');
    expect(res.failures).toEqual([
      { recordId: 'r1', reason: 'error', message: "record r1: lf raised KeyError: 'k' (line 4)" },
      { recordId: 'r2', reason: 'wrong-type', message: 'record r2: the return value must be a label name (str) or None, got int 5' },
    ]);
  });

  it('runs computed attributes with strict types', async () => {
    const ok: [string, string, unknown][] = [
      ['INTEGER', 'return len(record["headline"])', 2],
      ['FLOAT', 'return 2', 2],
      ['BOOLEAN', 'return record["headline"].text.startswith("1")', true],
      ['TEXT', 'return record["headline"].text.upper()', '1 CAT'],
      ['CATEGORY', 'return "short"', 'short'],
      ['EMBEDDING_LIST', 'return [t.text for t in record["headline"]]', ['1', 'cat']],
    ];
    for (const [type, body, expected] of ok) {
      const res = await runner.run({ code: `def ac(record):\n    ${body}`, kind: 'attribute', attributeType: type as 'TEXT', records: headlines('1 cat') });
      expect(res.results.get('r0')).toEqual(expected);
    }
    const wrong: [string, string, RegExp][] = [
      ['INTEGER', 'return True', /expected an int for a INTEGER attribute, got bool True/],
      ['INTEGER', 'return 2.0', /expected an int .* got float 2\.0/],
      ['FLOAT', 'return float("nan")', /expected a finite float/],
      ['TEXT', 'return record["headline"]', /got a Doc \(return \.text for its text\)/],
      ['BOOLEAN', 'return 1', /expected a bool/],
      ['EMBEDDING_LIST', 'return "a"', /expected a list of str/],
    ];
    for (const [type, body, message] of wrong) {
      const res = await runner.run({ code: `def ac(record):\n    ${body}`, kind: 'attribute', attributeType: type as 'TEXT', records: headlines('1 cat') });
      expect(res.failures).toEqual([expect.objectContaining({ reason: 'wrong-type', message: expect.stringMatching(message) })]);
    }
  });

  it('captures print output per record, bounded', async () => {
    const res = await runner.run({
      code: 'def lf(record):\n    print("seen", record["headline"])\n    print("x" * 50)',
      kind: 'classification',
      records: headlines('a', 'b'),
      limits: { maxLogLines: 3, maxLogLineChars: 10 },
    });
    expect(res.logs).toEqual(['[record r0] seen a', `[record r0] ${'x'.repeat(10)}… (truncated)`, '[record r1] seen b', '… 1 more log lines dropped (limit 3)']);
  });

  it('an infinite loop fails only its record; the batch is rerun from it', async () => {
    const records = headlines(...Array.from({ length: 30 }, (_, i) => (i === 12 ? 'loop' : `h${i}`)));
    const res = await runner.run({
      code: 'def lf(record):\n    if record["headline"].text == "loop":\n        while True:\n            pass\n    return "ok"',
      kind: 'classification',
      records,
      limits: { perRecordMs: 300, batchSize: 10 },
    });
    expect(res.results.size).toBe(29);
    expect(res.failures).toEqual([{ recordId: 'r12', reason: 'time-limit', message: 'record r12: ran over the time limit (limit 300 ms per record)' }]);
  });
});
