import { CommentSubjects } from '@refinery/contracts';
import { headlineProject, task } from '../test-support/fixtures.js';
import { ANNOTATOR, OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';

describe('comments', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('comments on records, tasks, heuristics and slices; private ones only for their author', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const t = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes']);
    const shared = await h.call(CommentSubjects.create, { targetType: 'RECORD', targetId: recordIds[0]!, text: '**check** this' }, projectId);
    expect(shared).toMatchObject({ authorId: 'ada', visibility: 'SHARED', text: '**check** this' });
    await h.call(CommentSubjects.create, { targetType: 'RECORD', targetId: recordIds[0]!, text: 'note to self', visibility: 'PRIVATE' }, projectId);
    await h.call(CommentSubjects.create, { targetType: 'TASK', targetId: t.id, text: 'define yes' }, projectId);
    await h.call(CommentSubjects.create, { targetType: 'HEURISTIC', targetId: 'lf-1', text: 'too broad' }, projectId);
    await h.call(CommentSubjects.create, { targetType: 'SLICE', targetId: 'slice-1', text: 'outliers' }, projectId);

    const mine = await h.call(CommentSubjects.list, { targetType: 'RECORD', targetId: recordIds[0]! }, projectId);
    expect(mine.comments.map((c) => c.text)).toEqual(['**check** this', 'note to self']);
    const theirs = await h.call(CommentSubjects.list, { targetType: 'RECORD', targetId: recordIds[0]! }, projectId, ANNOTATOR);
    expect(theirs.comments.map((c) => c.text)).toEqual(['**check** this']);
    expect((await h.call(CommentSubjects.list, {}, projectId)).comments).toHaveLength(5);
  });

  it('lets only the author edit and delete', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const c = await h.call(CommentSubjects.create, { targetType: 'RECORD', targetId: recordIds[0]!, text: 'first' }, projectId);
    const edited = await h.call(CommentSubjects.update, { commentId: c.id, text: 'second', visibility: 'PRIVATE' }, projectId);
    expect(edited).toMatchObject({ text: 'second', visibility: 'PRIVATE' });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(c.createdAt));
    // Private now: the annotator cannot even see it.
    expect(await h.error(CommentSubjects.update, { commentId: c.id, text: 'hijack' }, projectId, ANNOTATOR)).toMatchObject({ code: 'NOT_FOUND' });
    await h.call(CommentSubjects.update, { commentId: c.id, visibility: 'SHARED' }, projectId);
    expect(await h.error(CommentSubjects.update, { commentId: c.id, text: 'hijack' }, projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(CommentSubjects.delete, { commentId: c.id }, projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(CommentSubjects.delete, { commentId: c.id }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.call(CommentSubjects.delete, { commentId: c.id }, projectId)).resolves.toEqual({ deleted: true });
    expect((await h.call(CommentSubjects.list, {}, projectId)).comments).toEqual([]);
  });

  it('rejects unknown targets and empty or oversized text', async () => {
    const { projectId } = await headlineProject(h);
    expect(await h.error(CommentSubjects.create, { targetType: 'RECORD', targetId: 'ghost', text: 'x' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.targetId'),
    });
    expect(await h.error(CommentSubjects.create, { targetType: 'TASK', targetId: 'ghost', text: 'x' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await h.raw(CommentSubjects.create, { targetType: 'RECORD', targetId: 'r', text: '  ' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.text'),
    });
    expect(await h.raw(CommentSubjects.create, { targetType: 'RECORD', targetId: 'r', text: 'x'.repeat(20_001) }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.text'),
    });
    expect(await h.raw(CommentSubjects.create, { targetType: 'USER', targetId: 'r', text: 'x' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.targetType'),
    });
  });
});
