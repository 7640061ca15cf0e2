import { AssociationEvents, AssociationSubjects, RecordSubjects, type BulkItem } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { RecordsHarness } from '../test-support/records-harness.js';

describe('bulk replacement of heuristic and weak-supervision outputs', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  async function setup() {
    const { projectId, recordIds, headlineAttributeId } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const ref = { source: 'HEURISTIC' as const, sourceId: 'lf-numbers', taskId: t.id };
    const replace = async (items: BulkItem[][]) => {
      const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
      for (const page of items) await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: page }, projectId);
      return h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
    };
    const heuristicLabels = async (recordId: string) =>
      (await h.call(AssociationSubjects.list, { recordId }, projectId)).associations.filter((a) => a.source === 'HEURISTIC').map((a) => a.labelId);
    return { projectId, recordIds, headlineAttributeId, t, ref, replace, heuristicLabels };
  }

  it('shows the old set until the commit, then exactly the new set', async () => {
    const changed = await h.events(AssociationEvents.changed);
    const { projectId, recordIds, t, ref, replace, heuristicLabels } = await setup();
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    const [r0, r1, r2] = recordIds as [string, string, string];
    const first = await replace([[{ recordId: r0, labelId: yes, confidence: 0.9 }], [{ recordId: r1, labelId: no, confidence: null }]]);
    expect(first.count).toBe(2);
    expect(await heuristicLabels(r0)).toEqual([yes]);
    expect((await h.call(RecordSubjects.get, { recordId: r0 }, projectId)).labels[t.id]).toMatchObject({
      heuristics: [yes],
      heuristicBy: [`lf-numbers|${yes}`],
    });

    // A second run: pages written but not committed stay invisible.
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await h.call(
      AssociationSubjects.replaceSource,
      { ...ref, step: 'page', generation, items: [{ recordId: r2, labelId: yes, confidence: 0.5 }] },
      projectId,
    );
    expect(await heuristicLabels(r0)).toEqual([yes]);
    expect(await heuristicLabels(r2)).toEqual([]);
    const committed = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
    expect(committed).toEqual({ generation, count: 1 });
    expect(await heuristicLabels(r0)).toEqual([]);
    expect(await heuristicLabels(r1)).toEqual([]);
    expect(await heuristicLabels(r2)).toEqual([yes]);
    expect((await h.call(RecordSubjects.get, { recordId: r0 }, projectId)).labels[t.id]).toBeUndefined();
    await expectEventually(() =>
      expect(changed).toContainEqual(
        expect.objectContaining({ taskId: t.id, source: 'HEURISTIC', sourceId: 'lf-numbers', recordIds: expect.arrayContaining([r0, r1, r2]) }),
      ),
    );
  });

  it('stores weak-supervision labels with their confidence in the summary', async () => {
    const { projectId, recordIds, t } = await setup();
    const ref = { source: 'WEAK_SUPERVISION' as const, sourceId: t.id, taskId: t.id };
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await h.call(
      AssociationSubjects.replaceSource,
      { ...ref, step: 'page', generation, items: [{ recordId: recordIds[0]!, labelId: labelId(t, 'no'), confidence: 0.73 }] },
      projectId,
    );
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
    const record = await h.call(RecordSubjects.get, { recordId: recordIds[0]! }, projectId);
    expect(record.labels[t.id]).toMatchObject({ weakSupervision: [labelId(t, 'no')], weakSupervisionConfidence: 0.73 });
  });

  it('refuses pages and commits of a superseded or aborted generation', async () => {
    const { projectId, recordIds, t, ref, heuristicLabels } = await setup();
    const item = { recordId: recordIds[0]!, labelId: labelId(t, 'yes') };
    const old = (await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId)).generation;
    const newer = (await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId)).generation;
    expect(newer).toBeGreaterThan(old);
    expect(await h.error(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation: old, items: [item] }, projectId)).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await h.error(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation: old }, projectId)).toMatchObject({
      code: 'CONFLICT',
    });
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation: newer, items: [item] }, projectId);
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'abort', generation: newer }, projectId);
    expect(await h.error(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation: newer }, projectId)).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await heuristicLabels(recordIds[0]!)).toEqual([]);
  });

  it('hands concurrent writers distinct generations; exactly one complete set wins', async () => {
    const { projectId, recordIds, t, ref, heuristicLabels } = await setup();
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    const begun = await Promise.all(Array.from({ length: 8 }, () => h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId)));
    const generations = begun.map((b) => b.generation);
    expect(new Set(generations).size).toBe(8);
    // Every writer writes a full set (even generations: all yes, odd: all no) and commits.
    const outcomes = await Promise.allSettled(
      generations.map(async (generation) => {
        const items = recordIds.map((recordId) => ({ recordId, labelId: generation % 2 ? no : yes }));
        await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
        return h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
      }),
    );
    // Only the newest begin may write: the others are told CONFLICT.
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const winner = Math.max(...generations);
    const expected = winner % 2 ? no : yes;
    for (const recordId of recordIds) expect(await heuristicLabels(recordId)).toEqual([expected]);
  });

  it('validates items: known records, labels of the task, spans only and always for extraction', async () => {
    const { projectId, recordIds, headlineAttributeId, t, ref } = await setup();
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    const page = (items: BulkItem[]) => h.error(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
    const yes = labelId(t, 'yes');
    expect(await page([{ recordId: recordIds[0]!, labelId: yes, confidence: null }, { recordId: 'ghost', labelId: yes, confidence: null }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.items.1.recordId'),
    });
    expect(await page([{ recordId: recordIds[0]!, labelId: 'foreign', confidence: null }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.items.0.labelId'),
    });
    expect(await page([{ recordId: recordIds[0]!, labelId: yes, confidence: null, start: 0, end: 3 }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('only for extraction'),
    });
    expect(await h.raw(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: [{ recordId: 'r', labelId: yes, confidence: 2 }] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.items.0.confidence'),
    });
    expect(await h.raw(AssociationSubjects.replaceSource, { ...ref, step: 'rewind' }, projectId)).toMatchObject({ code: 'VALIDATION_FAILED' });

    const spans = await task(h, projectId, 'places', 'EXTRACTION', ['city'], headlineAttributeId);
    const spanRef = { source: 'HEURISTIC' as const, sourceId: 'lookup-cities', taskId: spans.id };
    const g = (await h.call(AssociationSubjects.replaceSource, { ...spanRef, step: 'begin' }, projectId)).generation;
    const city = labelId(spans, 'city');
    expect(
      await h.error(AssociationSubjects.replaceSource, { ...spanRef, step: 'page', generation: g, items: [{ recordId: recordIds[1]!, labelId: city, confidence: null }] }, projectId),
    ).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.items.0.start') });
    await h.call(
      AssociationSubjects.replaceSource,
      { ...spanRef, step: 'page', generation: g, items: [{ recordId: recordIds[1]!, labelId: city, confidence: 1, start: 38, end: 41 }] },
      projectId,
    );
    await h.call(AssociationSubjects.replaceSource, { ...spanRef, step: 'commit', generation: g }, projectId);
    const outputs = (await h.call(AssociationSubjects.list, { recordId: recordIds[1]!, taskId: spans.id }, projectId)).associations;
    expect(outputs.map((a) => [a.start, a.end, a.text])).toEqual([[36, 42, 'Berlin']]);
  });
});
