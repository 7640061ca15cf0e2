import { AttributeSubjects, ProjectEvents, ProjectSubjects, RecordSubjects } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { ProjectStore } from '../store/project-store.service.js';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { headlineProject } from '../test-support/fixtures.js';
import { ANNOTATOR, OUTSIDER, OWNER, RecordsHarness } from '../test-support/records-harness.js';

describe('projects', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('creates, lists per organization, renames, describes and details a project', async () => {
    const created = await h.call(ProjectSubjects.create, { name: 'Clickbait', description: 'headlines' });
    expect(created).toMatchObject({ name: 'Clickbait', description: 'headlines', orgId: 'org-a', createdBy: 'ada' });

    const mine = await h.call(ProjectSubjects.list, {}, null, ANNOTATOR);
    expect(mine.projects.map((p) => p.id)).toContain(created.id);
    const theirs = await h.call(ProjectSubjects.list, {}, null, OUTSIDER);
    expect(theirs.projects.map((p) => p.id)).not.toContain(created.id);

    expect(await h.call(ProjectSubjects.rename, { name: 'Clickbait v2' }, created.id)).toMatchObject({ name: 'Clickbait v2' });
    expect(await h.call(ProjectSubjects.describe, { description: 'news headlines' }, created.id)).toMatchObject({
      description: 'news headlines',
    });
    const details = await h.call(ProjectSubjects.get, {}, created.id);
    expect(details).toMatchObject({ name: 'Clickbait v2', recordCount: 0, attributeCount: 0, taskCount: 0 });
  });

  it('keeps names unique per organization, regardless of case', async () => {
    await h.call(ProjectSubjects.create, { name: 'Unique name' });
    expect(await h.error(ProjectSubjects.create, { name: 'unique NAME' })).toMatchObject({ code: 'CONFLICT' });
    // Another organization may use it.
    await expect(h.call(ProjectSubjects.create, { name: 'Unique name' }, null, OUTSIDER)).resolves.toMatchObject({ orgId: 'org-b' });
    const other = await h.call(ProjectSubjects.create, { name: 'Other name' });
    expect(await h.error(ProjectSubjects.rename, { name: 'unique name' }, other.id)).toMatchObject({ code: 'CONFLICT' });
  });

  it('answers NOT_FOUND for unknown projects and for projects of another organization', async () => {
    const project = await h.call(ProjectSubjects.create, { name: 'Private to org-a' });
    expect(await h.error(ProjectSubjects.get, {}, 'no-such-project')).toMatchObject({ code: 'NOT_FOUND' });
    for (const attempt of [
      h.error(ProjectSubjects.get, {}, project.id, OUTSIDER),
      h.error(ProjectSubjects.rename, { name: 'stolen' }, project.id, OUTSIDER),
      h.error(ProjectSubjects.delete, {}, project.id, OUTSIDER),
      h.error(AttributeSubjects.list, {}, project.id, OUTSIDER),
      h.error(RecordSubjects.list, {}, project.id, OUTSIDER),
    ]) {
      expect(await attempt).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(project.id) });
    }
    expect((await h.call(ProjectSubjects.get, {}, project.id)).name).toBe('Private to org-a');
  });

  it('rejects invalid payloads and a missing project id, naming the field', async () => {
    expect(await h.raw(ProjectSubjects.create, { name: '   ' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.name'),
    });
    expect(await h.raw(ProjectSubjects.create, { name: 'x', description: 7 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.description'),
    });
    expect(await h.error(ProjectSubjects.get, {}, null)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('projectId'),
    });
  });

  it('deletes a project: NOT_FOUND at once, an event for the other services, its data purged', async () => {
    const deleted = await h.events(ProjectEvents.deleted);
    const { projectId } = await headlineProject(h);
    const scoped = trustedProjectId(projectId);
    expect(await h.get(ProjectStore).storedRecordCount(scoped)).toBe(3);

    await expect(h.call(ProjectSubjects.delete, {}, projectId)).resolves.toEqual({ deleted: true });
    expect(await h.error(ProjectSubjects.get, {}, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.call(ProjectSubjects.list, {}, null, OWNER)).projects.map((p) => p.id)).not.toContain(projectId);
    await expectEventually(() => expect(deleted).toContainEqual({ projectId, orgId: 'org-a', deletedBy: 'ada' }));
    await expectEventually(async () => {
      expect(await h.get(ProjectStore).storedRecordCount(scoped)).toBe(0);
      expect(await h.get(AttributeRepository).count(scoped)).toBe(0);
    });
  });
});
