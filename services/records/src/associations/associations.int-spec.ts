import { AssociationEvents, AssociationSubjects, RecordSubjects } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { ANNOTATOR, OUTSIDER, OWNER, RecordsHarness, SECOND_ANNOTATOR } from '../test-support/records-harness.js';

describe('manual and gold label associations', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('replaces an annotator\'s single label, keeps each annotator\'s own, and publishes changes', async () => {
    const changed = await h.events(AssociationEvents.changed);
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    const recordId = recordIds[0]!;
    await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [yes] }, projectId, ANNOTATOR);
    const second = await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [no] }, projectId, ANNOTATOR);
    expect(second.associations.map((a) => [a.labelId, a.userId, a.source])).toEqual([[no, 'bob', 'MANUAL']]);
    await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [yes] }, projectId, SECOND_ANNOTATOR);

    const { associations } = await h.call(AssociationSubjects.list, { recordId }, projectId);
    expect(associations.map((a) => [a.userId, a.labelId]).sort()).toEqual([
      ['bob', no],
      ['cy', yes],
    ]);
    const record = await h.call(RecordSubjects.get, { recordId }, projectId);
    expect(record.labels[t.id]).toMatchObject({ manual: [no, yes].sort(), manualBy: [`bob|${no}`, `cy|${yes}`], reference: [] });
    await expectEventually(() =>
      expect(changed).toContainEqual({ projectId, taskId: t.id, source: 'MANUAL', sourceId: null, recordIds: [recordId], truncated: false }),
    );
    // An empty list clears the annotator's label.
    await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [] }, projectId, ANNOTATOR);
    expect((await h.call(RecordSubjects.get, { recordId }, projectId)).labels[t.id]?.reference).toEqual([yes]);
  });

  it('holds a set per annotator for multi-label tasks', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'topics', 'MULTI_LABEL_CLASSIFICATION', ['politics', 'sports', 'animals']);
    const [politics, sports, animals] = t.labels.map((l) => l.id) as [string, string, string];
    const recordId = recordIds[1]!;
    await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [politics, sports] }, projectId);
    await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [politics, animals, animals] }, projectId);
    const { associations, reference } = await h.call(AssociationSubjects.list, { recordId, taskId: t.id }, projectId);
    expect(associations.map((a) => a.labelId).sort()).toEqual([politics, animals].sort());
    expect(reference).toEqual([{ taskId: t.id, labelIds: [politics, animals].sort(), spans: [] }]);
  });

  it('derives the valid reference label: only annotator, else gold, else agreement, else none', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    const recordId = recordIds[2]!;
    const reference = async () => (await h.call(RecordSubjects.get, { recordId }, projectId)).labels[t.id]?.reference;
    const classify = (labelIds: string[], actor = ANNOTATOR, gold = false) =>
      h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds, gold }, projectId, actor);

    await classify([yes]);
    expect(await reference()).toEqual([yes]);
    await classify([no], SECOND_ANNOTATOR);
    expect(await reference()).toEqual([]);
    await classify([no], OWNER, true);
    expect(await reference()).toEqual([no]);
    expect((await h.call(RecordSubjects.get, { recordId }, projectId)).labels[t.id]?.gold).toEqual([no]);
    const gold = (await h.call(AssociationSubjects.list, { recordId }, projectId)).associations.find((a) => a.source === 'GOLD');
    await h.call(AssociationSubjects.remove, { associationId: gold!.id }, projectId);
    expect(await reference()).toEqual([]);
    await classify([no]);
    expect(await reference()).toEqual([no]);
  });

  it('lets only owners and engineers set gold, and only the annotator remove a manual label', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes']);
    const recordId = recordIds[0]!;
    expect(
      await h.error(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [labelId(t, 'yes')], gold: true }, projectId, ANNOTATOR),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const [mine] = (await h.call(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [labelId(t, 'yes')] }, projectId, ANNOTATOR))
      .associations;
    expect(await h.error(AssociationSubjects.remove, { associationId: mine!.id }, projectId, SECOND_ANNOTATOR)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await h.error(AssociationSubjects.remove, { associationId: mine!.id }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.call(AssociationSubjects.remove, { associationId: mine!.id }, projectId, ANNOTATOR)).resolves.toEqual({ removed: true });
    expect(await h.error(AssociationSubjects.remove, { associationId: mine!.id }, projectId, ANNOTATOR)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects labels of other tasks, too many labels, wrong task kinds and unknown records', async () => {
    const { projectId, recordIds, headlineAttributeId } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const other = await task(h, projectId, 'other', 'CLASSIFICATION', ['x']);
    const spans = await task(h, projectId, 'spans', 'EXTRACTION', ['city'], headlineAttributeId);
    const recordId = recordIds[0]!;
    expect(await h.error(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: [labelId(other, 'x')] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelIds.0'),
    });
    expect(await h.error(AssociationSubjects.classify, { recordId, taskId: t.id, labelIds: t.labels.map((l) => l.id) }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('single-label'),
    });
    expect(await h.error(AssociationSubjects.classify, { recordId, taskId: spans.id, labelIds: [] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.taskId'),
    });
    expect(
      await h.error(AssociationSubjects.addSpan, { recordId, taskId: t.id, labelId: labelId(t, 'yes'), start: 0, end: 3 }, projectId),
    ).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.taskId') });
    expect(await h.error(AssociationSubjects.classify, { recordId: 'nope', taskId: t.id, labelIds: [] }, projectId)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await h.error(AssociationSubjects.classify, { recordId, taskId: 'nope', labelIds: [] }, projectId)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await h.raw(AssociationSubjects.classify, { recordId, taskId: t.id }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelIds'),
    });
  });
});

describe('extraction spans', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('snaps spans to token boundaries, stores their text and announces manual spans for lookup lists', async () => {
    const labelled = await h.events(AssociationEvents.spanLabelled);
    const { projectId, recordIds, headlineAttributeId } = await headlineProject(h);
    const t = await task(h, projectId, 'indicators', 'EXTRACTION', ['country_related'], headlineAttributeId);
    const city = labelId(t, 'country_related');
    const recordId = recordIds[1]!; // 'Parliament passes the new budget in Berlin'
    const span = await h.call(AssociationSubjects.addSpan, { recordId, taskId: t.id, labelId: city, start: 37, end: 40 }, projectId);
    expect(span).toMatchObject({ start: 36, end: 42, text: 'Berlin', source: 'MANUAL', userId: 'ada' });
    // The same span again is the same association.
    const again = await h.call(AssociationSubjects.addSpan, { recordId, taskId: t.id, labelId: city, start: 36, end: 42 }, projectId);
    expect(again.id).toBe(span.id);
    await h.call(AssociationSubjects.addSpan, { recordId, taskId: t.id, labelId: city, start: 0, end: 10 }, projectId);
    const { reference } = await h.call(AssociationSubjects.list, { recordId }, projectId);
    expect(reference[0]?.spans).toEqual([
      { labelId: city, start: 0, end: 10 },
      { labelId: city, start: 36, end: 42 },
    ]);
    await expectEventually(() =>
      expect(labelled).toContainEqual({ projectId, taskId: t.id, labelId: city, labelName: 'country_related', text: 'Berlin' }),
    );
    const record = await h.call(RecordSubjects.get, { recordId }, projectId);
    expect(record.labels[t.id]).toMatchObject({ manual: [city], reference: [city] });
  });

  it('rejects spans outside the text, over whitespace only, and labels of other tasks', async () => {
    const { projectId, recordIds, headlineAttributeId } = await headlineProject(h, ['Berlin  calling']);
    const t = await task(h, projectId, 'indicators', 'EXTRACTION', ['place'], headlineAttributeId);
    const other = await task(h, projectId, 'other', 'CLASSIFICATION', ['x']);
    const base = { recordId: recordIds[0]!, taskId: t.id, labelId: labelId(t, 'place') };
    expect(await h.error(AssociationSubjects.addSpan, { ...base, start: 10, end: 99 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/payload\.end: 99 is outside the text of "headline" \(length 15\)/),
    });
    expect(await h.error(AssociationSubjects.addSpan, { ...base, start: 6, end: 8 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('covers no token'),
    });
    expect(await h.raw(AssociationSubjects.addSpan, { ...base, start: 5, end: 5 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.end'),
    });
    expect(await h.raw(AssociationSubjects.addSpan, { ...base, start: -1, end: 5 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.start'),
    });
    expect(await h.error(AssociationSubjects.addSpan, { ...base, labelId: labelId(other, 'x'), start: 0, end: 6 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelId'),
    });
  });
});
