import { AssociationSubjects, BrowserSubjects, SessionSubjects, SliceSubjects, type LabelingTask } from '@refinery/contracts';
import { addRecords, headlineProject, labelId, task } from '../test-support/fixtures.js';
import { RecordsHarness } from '../test-support/records-harness.js';

describe('data slices', () => {
  let h: RecordsHarness;
  let projectId: string;
  let ids: string[];
  let clickbait: LabelingTask;

  /** Headlines: 1 "You will not believe…", 2 "Parliament … Berlin", 3 "10 reasons why cats…". */
  beforeAll(async () => {
    h = await RecordsHarness.start();
    ({ projectId, recordIds: ids } = await headlineProject(h));
    clickbait = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const ref = { source: 'HEURISTIC' as const, sourceId: 'lf', taskId: clickbait.id };
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await h.call(
      AssociationSubjects.replaceSource,
      { ...ref, step: 'page', generation, items: [0, 2].map((i) => ({ recordId: ids[i]!, labelId: labelId(clickbait, 'yes'), confidence: 1 })) },
      projectId,
    );
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
  });
  afterAll(async () => h?.close());

  const ns = async (sliceId: string, query: unknown = {}) =>
    (await h.call(BrowserSubjects.query, { query, sliceId, page: { limit: 50, cursor: null } }, projectId)).records.map((r) => r.data['id']);

  it("re-applies a dynamic slice: the quickstart's validation slice (any heuristic predicted, no manual label)", async () => {
    const validation = await h.call(
      SliceSubjects.create,
      {
        name: 'validation',
        kind: 'DYNAMIC',
        query: { filter: { kind: 'AND', conditions: [{ kind: 'ANY_HEURISTIC', taskId: clickbait.id }, { kind: 'MANUAL_LABEL', taskId: clickbait.id, op: 'HAS_NONE' }] } },
      },
      projectId,
    );
    expect(validation).toMatchObject({ name: 'validation', kind: 'DYNAMIC', size: 2 });
    expect(await ns(validation.id)).toEqual([1, 3]);
    // Within the slice, a further filter narrows it.
    expect(await ns(validation.id, { filter: { kind: 'ATTRIBUTE', attribute: 'headline', op: 'CONTAINS', value: 'cats' } })).toEqual([3]);
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: clickbait.id, labelIds: [labelId(clickbait, 'yes')] }, projectId);
    expect(await h.call(SliceSubjects.get, { sliceId: validation.id }, projectId)).toMatchObject({ size: 1 });
    expect(await ns(validation.id)).toEqual([3]);
  });

  it('freezes a static slice at save time', async () => {
    const query = { filter: { kind: 'ATTRIBUTE', attribute: 'headline', op: 'CONTAINS', value: 'the' }, order: { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'id', direction: 'DESC' }] } };
    const frozen = await h.call(SliceSubjects.create, { name: 'frozen', kind: 'STATIC', query }, projectId);
    const live = await h.call(SliceSubjects.create, { name: 'live', kind: 'DYNAMIC', query }, projectId);
    expect([frozen.size, live.size]).toEqual([2, 2]);
    await addRecords(h, projectId, [{ id: 4, headline: 'The fourth headline' }]);
    expect(await ns(frozen.id)).toEqual([3, 2]);
    expect(await ns(live.id)).toEqual([4, 3, 2]);
    expect((await h.call(SliceSubjects.get, { sliceId: live.id }, projectId)).size).toBe(3);
    // A new query re-freezes.
    const refrozen = await h.call(SliceSubjects.update, { sliceId: frozen.id, query }, projectId);
    expect(refrozen.size).toBe(3);
  });

  it('opens a slice, or any browser query, as a labeling session in its order', async () => {
    const slice = await h.call(
      SliceSubjects.create,
      { name: 'by id desc', kind: 'DYNAMIC', query: { order: { kind: 'FIELDS', keys: [{ kind: 'ATTRIBUTE', attribute: 'id', direction: 'DESC' }] } } },
      projectId,
    );
    const session = await h.call(SessionSubjects.create, { sliceId: slice.id }, projectId);
    const all = await h.call(SessionSubjects.get, { sessionId: session.id }, projectId);
    expect(all.recordIds.slice(-3)).toEqual([ids[2], ids[1], ids[0]]);
    const fromQuery = await h.call(SessionSubjects.create, { query: { filter: { kind: 'ATTRIBUTE', attribute: 'id', op: 'LESS', value: 3 } } }, projectId);
    expect((await h.call(SessionSubjects.get, { sessionId: fromQuery.id }, projectId)).recordIds).toEqual([ids[0], ids[1]]);
    expect(await h.error(SessionSubjects.create, { recordIds: [ids[0]!], sliceId: slice.id }, projectId)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('renames, refuses duplicates and bad queries, deletes', async () => {
    const slice = await h.call(SliceSubjects.create, { name: 'to rename', kind: 'DYNAMIC', query: {} }, projectId);
    expect(await h.call(SliceSubjects.update, { sliceId: slice.id, name: 'renamed' }, projectId)).toMatchObject({ name: 'renamed' });
    expect(await h.error(SliceSubjects.create, { name: 'RENAMED', kind: 'DYNAMIC', query: {} }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(SliceSubjects.create, { name: 'bad', kind: 'STATIC', query: { filter: { kind: 'ATTRIBUTE', attribute: 'id', op: 'EQUAL', value: 'x' } } }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.query.filter.value'),
    });
    expect((await h.call(SliceSubjects.list, {}, projectId)).slices.map((s) => s.name)).toContain('renamed');
    await h.call(SliceSubjects.delete, { sliceId: slice.id }, projectId);
    expect(await h.error(SliceSubjects.get, { sliceId: slice.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(BrowserSubjects.query, { query: {}, sliceId: slice.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
