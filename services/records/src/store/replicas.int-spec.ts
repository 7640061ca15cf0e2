import { AssociationSubjects, ProjectSubjects, RecordSubjects } from '@refinery/contracts';
import type { RunningService } from '@refinery/server-kit';
import { expectEventually } from '@refinery/server-testing';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { RecordReader } from '../records/record-reader.service.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { headlineProject, labelId, task } from '../test-support/fixtures.js';
import { OWNER, RecordsHarness } from '../test-support/records-harness.js';

/**
 * Every replica keeps its own in-memory project state: what one replica writes must reach the
 * others (ops broadcast, reload after bulk changes), and a restart must rebuild the same state
 * from the pages and the op log.
 */
describe('project store across replicas and restarts', () => {
  let h: RecordsHarness;
  let replica: RunningService;

  beforeAll(async () => {
    h = await RecordsHarness.start();
    replica = await h.startReplica();
  });
  afterAll(async () => {
    await replica.close();
    await h.close();
  });

  const viewsOn = async (reader: RecordReader, projectId: string) => {
    const scoped = trustedProjectId(projectId);
    return reader.views(scoped, await reader.page(scoped, -1, 100), false);
  };

  it('shows labels, new generations and source outputs written through any replica on every replica', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const readers = [h.get(RecordReader), replica.app.get(RecordReader)];
    // Both replicas load the project before anything changes.
    for (const r of readers) expect(await viewsOn(r, projectId)).toHaveLength(3);

    const clickbait = await task(h, projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const yes = labelId(clickbait, 'yes');
    const no = labelId(clickbait, 'no');
    // NATS spreads these over both replicas; the last label of each record wins everywhere.
    for (let i = 0; i < 12; i++) {
      await h.call(AssociationSubjects.classify, { recordId: ids[i % 3]!, taskId: clickbait.id, labelIds: [i < 9 ? no : yes] }, projectId);
    }
    await h.call(RecordSubjects.add, { records: [{ data: { id: 4, headline: 'A fourth one' } }] }, projectId);
    const { generation } = await h.call(AssociationSubjects.replaceSource, { source: 'HEURISTIC', sourceId: 'lf', taskId: clickbait.id, step: 'begin' }, projectId);
    for (const recordId of ids) {
      await h.call(AssociationSubjects.replaceSource, { source: 'HEURISTIC', sourceId: 'lf', taskId: clickbait.id, step: 'page', generation, items: [{ recordId, labelId: no, confidence: 1 }] }, projectId);
    }
    const committed = await h.call(AssociationSubjects.replaceSource, { source: 'HEURISTIC', sourceId: 'lf', taskId: clickbait.id, step: 'commit', generation }, projectId);
    expect(committed.count).toBe(3);

    for (const r of readers) {
      await expectEventually(async () => {
        const views = await viewsOn(r, projectId);
        expect(views.map((v) => v.data['headline'])).toContain('A fourth one');
        expect(views.slice(0, 3).map((v) => v.labels[clickbait.id]?.manual)).toEqual([[yes], [yes], [yes]]);
        expect(views.slice(0, 3).map((v) => v.labels[clickbait.id]?.heuristicBy)).toEqual([[`lf|${no}`], [`lf|${no}`], [`lf|${no}`]]);
      });
    }
  });

  it('rebuilds the same state from pages and ops after a restart', async () => {
    const { projectId, recordIds: ids, headlineAttributeId } = await headlineProject(h);
    const places = await task(h, projectId, 'places', 'EXTRACTION', ['city'], headlineAttributeId);
    const kind = await task(h, projectId, 'kind', 'MULTI_LABEL_CLASSIFICATION', ['a', 'b', 'c']);
    await h.call(AssociationSubjects.addSpan, { recordId: ids[1]!, taskId: places.id, labelId: labelId(places, 'city'), start: 36, end: 42 }, projectId);
    await h.call(AssociationSubjects.classify, { recordId: ids[0]!, taskId: kind.id, labelIds: [labelId(kind, 'a'), labelId(kind, 'c')] }, projectId);
    await h.call(AssociationSubjects.classify, { recordId: ids[2]!, taskId: kind.id, labelIds: [labelId(kind, 'b')], gold: true }, projectId);
    await h.call(RecordSubjects.update, { updates: [{ recordId: ids[0]!, data: { headline: 'Edited before the restart' } }] }, projectId);
    await h.call(RecordSubjects.delete, { recordIds: [ids[2]!] }, projectId);
    const before = await h.call(RecordSubjects.list, {}, projectId);
    const spansBefore = await h.call(AssociationSubjects.list, { recordId: ids[1]! }, projectId);

    await replica.close();
    await h.restart();
    replica = await h.startReplica();

    expect(await h.call(RecordSubjects.list, {}, projectId)).toEqual(before);
    expect(before.records.map((r) => r.data['headline'])).toEqual(['Edited before the restart', expect.any(String)]);
    expect(await h.call(AssociationSubjects.list, { recordId: ids[1]! }, projectId)).toEqual(spansBefore);
    expect(spansBefore.associations).toHaveLength(1);
  });

  it('forgets a deleted project in every replica at once, though each remembers who owns it', async () => {
    const { projectId } = await headlineProject(h);
    const envelope = { id: 'e', subject: ProjectSubjects.get.subject, occurredAt: '', correlationId: 'c', actor: OWNER, projectId, payload: {} };
    const access = [h.get(ProjectAccessService), replica.app.get(ProjectAccessService)];
    for (const a of access) await expect(a.require(envelope)).resolves.toMatchObject({ projectId });
    await h.call(ProjectSubjects.delete, {}, projectId);
    // Well inside the 2 s for which an owner is remembered: the deleting replica forgets at
    // once, the other on the notice.
    await expectEventually(async () => {
      for (const a of access) await expect(a.require(envelope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }, { timeoutMs: 500, intervalMs: 20 });
  });
});
