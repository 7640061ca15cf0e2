import { AssociationSubjects, LabelMatrixSubjects, RecordSubjects } from '@refinery/contracts';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { ANNOTATOR, RecordsHarness } from '../test-support/records-harness.js';

describe('label matrix, record sample, pages with tokens', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  async function write(projectId: string, sourceId: string, taskId: string, items: { recordId: string; labelId: string; confidence: number; start?: number; end?: number }[]) {
    const ref = { source: 'HEURISTIC' as const, sourceId, taskId };
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
  }

  it('answers the votes and reference labels of a classification task in CSR form', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    await write(projectId, 'lf-b', t.id, [{ recordId: ids[0]!, labelId: yes, confidence: 0.9 }, { recordId: ids[2]!, labelId: no, confidence: 0.6 }]);
    await write(projectId, 'lf-a', t.id, [{ recordId: ids[0]!, labelId: no, confidence: 1 }]);
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: t.id, labelIds: [yes] }, projectId);
    // Two annotators disagree on record 2: no reference label.
    await h.call(AssociationSubjects.classify, { recordId: ids[1]!, taskId: t.id, labelIds: [yes] }, projectId);
    await h.call(AssociationSubjects.classify, { recordId: ids[1]!, taskId: t.id, labelIds: [no] }, projectId, ANNOTATOR);

    const m = await h.call(LabelMatrixSubjects.page, { taskId: t.id }, projectId);
    expect(m).toMatchObject({
      total: 3,
      nextAfterSeq: null,
      recordIds: ids,
      sources: ['lf-a', 'lf-b'],
      labels: [yes, no],
      indptr: [0, 2, 2, 3],
      voteSource: [0, 1, 1],
      voteLabel: [1, 0, 1],
      voteConfidence: [1, 0.9, 0.6],
      referenceRecord: [0],
      referenceLabel: [0],
    });
    expect(m.voteTokenStart).toBeUndefined();
    const page = await h.call(LabelMatrixSubjects.page, { taskId: t.id, sourceIds: ['lf-b'], limit: 2 }, projectId);
    expect(page).toMatchObject({ recordIds: ids.slice(0, 2), sources: ['lf-b'], indptr: [0, 1, 1] });
    const rest = await h.call(LabelMatrixSubjects.page, { taskId: t.id, sourceIds: ['lf-b'], afterSeq: page.nextAfterSeq ?? -1 }, projectId);
    expect(rest).toMatchObject({ recordIds: [ids[2]], indptr: [0, 1], nextAfterSeq: null });
  });

  it('answers token ranges for an extraction task', async () => {
    const { projectId, recordIds: ids, headlineAttributeId } = await headlineProject(h);
    const places = await task(h, projectId, 'places', 'EXTRACTION', ['city'], headlineAttributeId);
    const city = labelId(places, 'city');
    // "Parliament passes the new budget in Berlin": Berlin is token 6, chars 36–42.
    await write(projectId, 'lf-cities', places.id, [{ recordId: ids[1]!, labelId: city, confidence: 1, start: 36, end: 42 }]);
    await h.call(AssociationSubjects.addSpan, { recordId: ids[1]!, taskId: places.id, labelId: city, start: 22, end: 42 }, projectId);
    const m = await h.call(LabelMatrixSubjects.page, { taskId: places.id }, projectId);
    expect(m).toMatchObject({ indptr: [0, 0, 1, 1], voteTokenStart: [6], voteTokenEnd: [6], referenceRecord: [1], referenceTokenStart: [3], referenceTokenEnd: [6] });
    expect(await h.error(LabelMatrixSubjects.page, { taskId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('draws a repeatable seeded sample and pages with tokens', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const a = await h.call(RecordSubjects.sample, { n: 2, seed: 'x' }, projectId);
    const b = await h.call(RecordSubjects.sample, { n: 2, seed: 'x', withTokens: true }, projectId);
    expect(a.records.map((r) => r.id)).toEqual(b.records.map((r) => r.id));
    expect(a.records).toHaveLength(2);
    expect(b.records[0]?.tokens?.['headline']).toBeDefined();
    // Each seed draws independently: over 40 seeds, more than one record comes first.
    const seeds = await Promise.all(Array.from({ length: 40 }, (_, i) => h.call(RecordSubjects.sample, { n: 1, seed: `s${i}` }, projectId)));
    expect(new Set(seeds.map((s) => s.records[0]?.id)).size).toBeGreaterThan(1);
    expect((await h.call(RecordSubjects.sample, { n: 50 }, projectId)).records.map((r) => r.id).sort()).toEqual([...ids].sort());
    const listed = await h.call(RecordSubjects.list, { limit: 2_000, withTokens: true }, projectId);
    expect(listed.records.map((r) => Object.keys(r.tokens ?? {}))).toEqual([['headline'], ['headline'], ['headline']]);
    expect(await h.raw(RecordSubjects.list, { limit: 2_001 }, projectId)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
