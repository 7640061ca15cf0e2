import { AttributeCalculationSubjects } from '@refinery/contracts';
import { ANNOTATOR, HeuristicsHarness } from '../test-support/heuristics-harness.js';

const HEADLINES = ['10 reasons why cats rule the internet', 'Berlin votes', 'You will not believe this'];

describe('computed attributes', () => {
  let h: HeuristicsHarness;
  let projectId: string;
  beforeAll(async () => {
    h = await HeuristicsHarness.start({ HEURISTICS_PY_WARMUP: 'true' });
    projectId = (await h.project(HEADLINES)).projectId;
  }, 120_000);
  afterAll(async () => h?.close());

  const valuesOf = (preview: { records: { data: Record<string, unknown>; value: unknown }[] }) =>
    Object.fromEntries(preview.records.map((r) => [String(r.data['headline']), r.value]));

  it(
    'runs a JavaScript and a Python ac(record) on N records with values of the declared type',
    async () => {
      const js = await h.call(AttributeCalculationSubjects.create, { name: 'word_count', dataType: 'INTEGER', language: 'javascript', code: 'function ac(record) { return record.headline.split(" ").length; }' }, projectId);
      expect(valuesOf(await h.call(AttributeCalculationSubjects.runOnSample, { source: { calculationId: js.id } }, projectId))).toEqual({
        '10 reasons why cats rule the internet': 7,
        'Berlin votes': 2,
        'You will not believe this': 5,
      });
      const py = await h.call(
        AttributeCalculationSubjects.runOnSample,
        { source: { code: 'def ac(record):\n    return record["headline"][0].text.isdigit()', language: 'python', dataType: 'BOOLEAN' } },
        projectId,
      );
      expect(valuesOf(py)).toEqual({ '10 reasons why cats rule the internet': true, 'Berlin votes': false, 'You will not believe this': false });
      const seeded = await h.call(AttributeCalculationSubjects.runOnSample, { source: { calculationId: js.id }, n: 2, seed: 5 }, projectId);
      expect(seeded.records).toHaveLength(2);
      expect((await h.call(AttributeCalculationSubjects.list, {}, projectId)).calculations.map((c) => c.name)).toEqual(['word_count']);
    },
    120_000,
  );

  it('checks the declared type strictly: a wrong type fails its record, naming it', async () => {
    const preview = await h.call(
      AttributeCalculationSubjects.runOnSample,
      { source: { code: 'function ac(record) { return record.headline.startsWith("10") ? "ten" : 1.5; }', language: 'javascript', dataType: 'INTEGER' } },
      projectId,
    );
    expect(preview.records.every((r) => r.value === null && r.error?.startsWith(`record ${r.recordId}: `))).toBe(true);
  });

  it('refuses a name an attribute already has, malformed input and annotators', async () => {
    expect(await h.error(AttributeCalculationSubjects.create, { name: 'Headline', dataType: 'TEXT', language: 'javascript', code: 'function ac(r) { return "x"; }' }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"headline"'),
    });
    expect(await h.raw(AttributeCalculationSubjects.create, { name: 'a.b', dataType: 'TEXT', language: 'javascript', code: 'x' }, projectId)).toMatchObject({
      message: expect.stringContaining('payload.name'),
    });
    expect(await h.raw(AttributeCalculationSubjects.create, { name: 'ok', dataType: 'DATE', language: 'javascript', code: 'x' }, projectId)).toMatchObject({
      message: expect.stringContaining('payload.dataType'),
    });
    expect(await h.error(AttributeCalculationSubjects.list, {}, projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('updates and deletes a calculation', async () => {
    const calc = await h.call(AttributeCalculationSubjects.create, { name: 'shout', dataType: 'TEXT', language: 'typescript', code: 'function ac(r: { headline: string }): string { return r.headline; }' }, projectId);
    const updated = await h.call(AttributeCalculationSubjects.update, { calculationId: calc.id, code: 'function ac(r: { headline: string }): string { return r.headline.toUpperCase(); }' }, projectId);
    expect(updated.code).toContain('toUpperCase');
    const preview = await h.call(AttributeCalculationSubjects.runOnSample, { source: { calculationId: calc.id }, n: 1, seed: 1 }, projectId);
    expect(String(preview.records[0]?.value)).toBe(String(preview.records[0]?.data['headline']).toUpperCase());
    await h.call(AttributeCalculationSubjects.delete, { calculationId: calc.id }, projectId);
    expect(await h.error(AttributeCalculationSubjects.get, { calculationId: calc.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
