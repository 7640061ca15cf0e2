import { AssociationSubjects, OverviewSubjects, SliceSubjects } from '@refinery/contracts';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { ANNOTATOR, RecordsHarness } from '../test-support/records-harness.js';

describe('overview statistics', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('summarizes a task over the project and within a slice', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const [yes, no] = [labelId(t, 'yes'), labelId(t, 'no')];
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: t.id, labelIds: [yes] }, projectId);
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: t.id, labelIds: [yes] }, projectId, ANNOTATOR);
    await h.call(AssociationSubjects.classify, { recordId: ids[1]!, taskId: t.id, labelIds: [no] }, projectId);
    const ref = { source: 'WEAK_SUPERVISION' as const, sourceId: t.id, taskId: t.id };
    const { generation } = await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await h.call(
      AssociationSubjects.replaceSource,
      { ...ref, step: 'page', generation, items: [{ recordId: ids[0]!, labelId: yes, confidence: 0.9 }, { recordId: ids[1]!, labelId: yes, confidence: 0.6 }, { recordId: ids[2]!, labelId: no, confidence: 0.8 }] },
      projectId,
    );
    await h.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);

    const all = await h.call(OverviewSubjects.task, { taskId: t.id }, projectId);
    expect(all).toMatchObject({
      records: 3,
      withReference: 2,
      withWeakSupervision: 3,
      distribution: [
        { labelId: yes, reference: 1, weakSupervision: 2 },
        { labelId: no, reference: 1, weakSupervision: 1 },
      ],
      confusion: { classes: [yes, no], matrix: [[1, 0], [1, 0]] },
      agreement: { annotators: ['ada', 'bob'], both: [[2, 1], [1, 1]], agree: [[2, 1], [1, 1]] },
    });
    expect(all.confidence.percentiles?.p50).toBe(0.8);

    const slice = await h.call(SliceSubjects.create, { name: 'first two', kind: 'STATIC', query: { filter: { kind: 'ATTRIBUTE', attribute: 'id', op: 'LESS', value: 3 } } }, projectId);
    expect(await h.call(OverviewSubjects.task, { taskId: t.id, sliceId: slice.id }, projectId)).toMatchObject({ records: 2, withWeakSupervision: 2 });
    expect(await h.error(OverviewSubjects.task, { taskId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
