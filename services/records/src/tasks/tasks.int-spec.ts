import { AssociationSubjects, AttributeSubjects, LabelSubjects, RecordSubjects, TaskEvents, TaskSubjects } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';

describe('labeling tasks and labels', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('creates the three kinds of task with whole-record or attribute targets', async () => {
    const changed = await h.events(TaskEvents.changed);
    const { projectId, headlineAttributeId } = await headlineProject(h);
    const single = await h.call(
      TaskSubjects.create,
      { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'yes', hotkey: 'Y', color: '#00ff00' }, { name: 'no' }] },
      projectId,
    );
    expect(single).toMatchObject({ name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null });
    expect(single.labels.map((l) => [l.name, l.hotkey, l.position])).toEqual([
      ['yes', 'y', 0],
      ['no', null, 1],
    ]);
    expect(single.labels[0]?.color).toBe('#00ff00');
    expect(single.labels[1]?.color).toMatch(/^#[0-9a-f]{6}$/);
    await task(h, projectId, 'topics', 'MULTI_LABEL_CLASSIFICATION', ['sports', 'politics'], headlineAttributeId);
    await task(h, projectId, 'indicators', 'EXTRACTION', ['country_related'], headlineAttributeId);
    const { tasks } = await h.call(TaskSubjects.list, {}, projectId);
    expect(tasks.map((t) => [t.name, t.kind, t.attributeId])).toEqual([
      ['clickbait', 'CLASSIFICATION', null],
      ['topics', 'MULTI_LABEL_CLASSIFICATION', headlineAttributeId],
      ['indicators', 'EXTRACTION', headlineAttributeId],
    ]);
    await expectEventually(() => expect(changed).toContainEqual({ projectId, taskId: single.id, change: 'created' }));
  });

  it('rejects bad targets, duplicate task names and invalid payloads', async () => {
    const { projectId } = await headlineProject(h);
    const { attributes } = await h.call(AttributeSubjects.list, {}, projectId);
    const idAttribute = attributes.find((a) => a.name === 'id')!;
    expect(await h.error(TaskSubjects.create, { name: 'spans', kind: 'EXTRACTION' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.attributeId'),
    });
    expect(await h.error(TaskSubjects.create, { name: 'spans', kind: 'EXTRACTION', attributeId: idAttribute.id }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/payload\.attributeId.*INTEGER/),
    });
    expect(await h.error(TaskSubjects.create, { name: 'x', kind: 'CLASSIFICATION', attributeId: 'nope' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.attributeId'),
    });
    await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes']);
    expect(await h.error(TaskSubjects.create, { name: 'Clickbait', kind: 'CLASSIFICATION' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.raw(TaskSubjects.create, { name: 'k', kind: 'RANKING' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.kind'),
    });
    expect(
      await h.error(TaskSubjects.create, { name: 'dupes', kind: 'CLASSIFICATION', labels: [{ name: 'a' }, { name: 'A' }] }, projectId),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(TaskSubjects.list, {}, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps label names and hotkeys unique per task, and checks colours and hotkeys', async () => {
    const { projectId } = await headlineProject(h);
    const t = await h.call(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'yes', hotkey: 'y' }] }, projectId);
    const other = await task(h, projectId, 'other', 'CLASSIFICATION', []);
    expect(await h.error(LabelSubjects.create, { taskId: t.id, name: 'YES' }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"YES"'),
    });
    expect(await h.error(LabelSubjects.create, { taskId: t.id, name: 'yep', hotkey: 'Y' }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('hotkey "y"'),
    });
    // Another task may reuse both.
    await expect(h.call(LabelSubjects.create, { taskId: other.id, name: 'yes', hotkey: 'y' }, projectId)).resolves.toMatchObject({ name: 'yes' });
    const no = await h.call(LabelSubjects.create, { taskId: t.id, name: 'no', hotkey: 'n' }, projectId);
    expect(await h.error(LabelSubjects.update, { labelId: no.id, hotkey: 'y' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(LabelSubjects.update, { labelId: no.id, name: 'Yes' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.raw(LabelSubjects.create, { taskId: t.id, name: 'c', color: 'red' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.color'),
    });
    expect(await h.raw(LabelSubjects.create, { taskId: t.id, name: 'c', hotkey: 'ctrl' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.hotkey'),
    });
    expect(await h.error(LabelSubjects.create, { taskId: 'nope', name: 'c' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    // Clearing a hotkey frees it.
    await h.call(LabelSubjects.update, { labelId: labelId(t, 'yes'), hotkey: null }, projectId);
    await expect(h.call(LabelSubjects.update, { labelId: no.id, hotkey: 'y' }, projectId)).resolves.toMatchObject({ hotkey: 'y' });
  });

  it('renames a label everywhere: associations keep pointing at its id', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const yes = labelId(t, 'yes');
    await h.call(AssociationSubjects.classify, { recordId: recordIds[0]!, taskId: t.id, labelIds: [yes] }, projectId);
    await h.call(LabelSubjects.update, { labelId: yes, name: 'clickbait', color: '#123456' }, projectId);
    const { tasks } = await h.call(TaskSubjects.list, {}, projectId);
    expect(tasks[0]?.labels.find((l) => l.id === yes)).toMatchObject({ name: 'clickbait', color: '#123456' });
    const { associations } = await h.call(AssociationSubjects.list, { recordId: recordIds[0]! }, projectId);
    expect(associations.map((a) => a.labelId)).toEqual([yes]);
    const record = await h.call(RecordSubjects.get, { recordId: recordIds[0]! }, projectId);
    expect(record.labels[t.id]?.manual).toEqual([yes]);
    expect((await h.call(TaskSubjects.rename, { taskId: t.id, name: 'is clickbait' }, projectId)).name).toBe('is clickbait');
  });

  it('reorders labels and refuses incomplete or foreign orders', async () => {
    const { projectId } = await headlineProject(h);
    const t = await task(h, projectId, 'topic', 'CLASSIFICATION', ['a', 'b', 'c']);
    const [a, b, c] = t.labels.map((l) => l.id) as [string, string, string];
    const { labels } = await h.call(LabelSubjects.reorder, { taskId: t.id, labelIds: [c, a, b] }, projectId);
    expect(labels.map((l) => [l.name, l.position])).toEqual([
      ['c', 0],
      ['a', 1],
      ['b', 2],
    ]);
    expect(await h.error(LabelSubjects.reorder, { taskId: t.id, labelIds: [a, b] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelIds'),
    });
    expect(await h.error(LabelSubjects.reorder, { taskId: t.id, labelIds: [a, b, 'x'] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelIds.2'),
    });
    expect(await h.error(LabelSubjects.reorder, { taskId: t.id, labelIds: [a, a, b] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.labelIds.1'),
    });
  });

  it('deletes a label with its associations, and a task with its labels, associations and summaries', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const [r0, r1] = recordIds as [string, string];
    await h.call(AssociationSubjects.classify, { recordId: r0, taskId: t.id, labelIds: [labelId(t, 'yes')] }, projectId);
    await h.call(AssociationSubjects.classify, { recordId: r1, taskId: t.id, labelIds: [labelId(t, 'no')] }, projectId);

    expect(await h.call(LabelSubjects.delete, { labelId: labelId(t, 'yes') }, projectId)).toEqual({ deletedAssociations: 1 });
    expect((await h.call(RecordSubjects.get, { recordId: r0 }, projectId)).labels[t.id]).toBeUndefined();
    const left = (await h.call(TaskSubjects.list, {}, projectId)).tasks[0]!;
    expect(left.labels.map((l) => [l.name, l.position])).toEqual([['no', 0]]);

    expect(await h.call(TaskSubjects.delete, { taskId: t.id }, projectId)).toEqual({ deletedLabels: 1, deletedAssociations: 1 });
    expect((await h.call(TaskSubjects.list, {}, projectId)).tasks).toEqual([]);
    expect((await h.call(RecordSubjects.get, { recordId: r1 }, projectId)).labels).toEqual({});
    expect(await h.error(TaskSubjects.delete, { taskId: t.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
