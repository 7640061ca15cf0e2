import { ProjectSubjects, RecordSubjects, SnapshotImportSubjects, type SnapshotImportBegin } from '@refinery/contracts';
import { OWNER, OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';

const SCHEMA: SnapshotImportBegin = {
  name: 'imported',
  description: '',
  attributes: [
    { name: 'id', dataType: 'INTEGER', isPrimaryKey: true },
    { name: 'headline', dataType: 'TEXT', isPrimaryKey: false },
  ],
  tasks: [
    { name: 'topic', kind: 'CLASSIFICATION', attribute: null, labels: [{ name: 'yes' }, { name: 'no' }] },
    { name: 'spans', kind: 'EXTRACTION', attribute: 'headline', labels: [{ name: 'place' }] },
  ],
  sources: [{ source: 'HEURISTIC', sourceId: 'lf-1' }],
};

describe('records.snapshot-import', () => {
  let h: RecordsHarness;

  beforeAll(async () => {
    h = await RecordsHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function begin(name: string) {
    const begun = await h.call(SnapshotImportSubjects.begin, { ...SCHEMA, name });
    const topic = begun.tasks.find((t) => t.name === 'topic');
    const spans = begun.tasks.find((t) => t.name === 'spans');
    if (!topic || !spans) throw new Error('tasks missing');
    const label = (t: typeof topic, n: string) => t.labels.find((l) => l.name === n)?.id ?? '';
    return { begun, topic, spans, yes: label(topic, 'yes'), place: label(spans, 'place') };
  }

  it('shows the records and labels only after the commit', async () => {
    const { begun, topic, spans, yes, place } = await begin('visible after commit');
    await h.call(
      SnapshotImportSubjects.recordsPage,
      {
        generation: begun.generation,
        offset: 0,
        records: [
          {
            data: { id: 1, headline: 'Trip to New Zealand' },
            labels: [
              { taskId: topic.id, labelId: yes, source: 'MANUAL', sourceId: null, confidence: null },
              { taskId: topic.id, labelId: yes, source: 'HEURISTIC', sourceId: 'lf-1', confidence: 0.8 },
              { taskId: spans.id, labelId: place, source: 'MANUAL', sourceId: null, confidence: null, start: 8, end: 19 },
            ],
          },
          { data: { id: 2, headline: 'Nothing here' }, labels: [] },
        ],
      },
      begun.projectId,
    );
    expect((await h.call(ProjectSubjects.get, {}, begun.projectId)).recordCount).toBe(0);
    const counts = await h.call(SnapshotImportSubjects.commit, { generation: begun.generation, sources: begun.sources }, begun.projectId);
    expect(counts).toEqual({ records: 2, manual: 2, heuristic: 1, weakSupervision: 0 });
    const { records } = await h.call(RecordSubjects.list, {}, begun.projectId);
    expect(records.map((r) => r.data['id'])).toEqual([1, 2]);
    expect(records[0]?.labels[topic.id]).toMatchObject({ manual: [yes], heuristics: [yes] });
    expect(records[0]?.labels[spans.id]?.manual).toEqual([place]);
    expect(records[1]?.labels).toEqual({});
  });

  it('removes the project on abort', async () => {
    const { begun } = await begin('aborted');
    await h.call(SnapshotImportSubjects.abort, {}, begun.projectId);
    const error = await h.error(ProjectSubjects.get, {}, begun.projectId);
    expect(error.code).toBe('NOT_FOUND');
  });

  it('refuses an extraction task on a non-TEXT attribute', async () => {
    const bad = { ...SCHEMA, name: 'bad extraction', tasks: [{ name: 'x', kind: 'EXTRACTION' as const, attribute: 'id', labels: [] }] };
    const error = await h.error(SnapshotImportSubjects.begin, bad);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('tasks.0.attribute') });
  });

  it('refuses a label that is not of the task, and a span outside the text', async () => {
    const { begun, topic, place, spans } = await begin('bad labels');
    const page = (labels: never[] | object[]) => ({ generation: begun.generation, offset: 0, records: [{ data: { id: 1, headline: 'short' }, labels }] });
    const wrongLabel = await h.error(SnapshotImportSubjects.recordsPage, page([{ taskId: topic.id, labelId: place, source: 'MANUAL', sourceId: null, confidence: null }]) as never, begun.projectId);
    expect(wrongLabel).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('records.0.labels.0.labelId') });
    const outside = await h.error(SnapshotImportSubjects.recordsPage, page([{ taskId: spans.id, labelId: place, source: 'MANUAL', sourceId: null, confidence: null, start: 2, end: 40 }]) as never, begun.projectId);
    expect(outside).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('records.0.labels.0.end') });
    const unannounced = await h.error(SnapshotImportSubjects.recordsPage, page([{ taskId: topic.id, labelId: topic.labels[0]?.id ?? '', source: 'HEURISTIC', sourceId: 'lf-9', confidence: 0.5 }]) as never, begun.projectId);
    expect(unannounced).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('lf-9') });
  });

  it('answers CONFLICT for pages of a committed import and NOT_FOUND to another organization', async () => {
    const { begun } = await begin('conflicts');
    await h.call(SnapshotImportSubjects.commit, { generation: begun.generation, sources: begun.sources }, begun.projectId);
    const late = await h.error(SnapshotImportSubjects.recordsPage, { generation: begun.generation, offset: 0, records: [{ data: { id: 1, headline: 'x' } }] }, begun.projectId);
    expect(late.code).toBe('CONFLICT');
    const foreign = await h.error(SnapshotImportSubjects.abort, {}, begun.projectId, OUTSIDER);
    expect(foreign.code).toBe('NOT_FOUND');
    expect((await h.call(ProjectSubjects.get, {}, begun.projectId, OWNER)).name).toBe('conflicts');
  });
});
