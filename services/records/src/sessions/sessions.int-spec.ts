import { SessionSubjects } from '@refinery/contracts';
import { addRecords, headlineProject } from '../test-support/fixtures.js';
import { ANNOTATOR, RecordsHarness } from '../test-support/records-harness.js';

describe('labeling sessions', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('walks the default order with next and previous, clamped at both ends', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const session = await h.call(SessionSubjects.create, {}, projectId);
    expect(session).toMatchObject({ size: 3, position: 0, recordId: recordIds[0], hasPrevious: false, hasNext: true });
    const move = (to: 'next' | 'previous' | number) => h.call(SessionSubjects.move, { sessionId: session.id, to }, projectId);
    expect(await move('previous')).toMatchObject({ position: 0, recordId: recordIds[0] });
    expect(await move('next')).toMatchObject({ position: 1, recordId: recordIds[1], hasPrevious: true, hasNext: true });
    expect(await move('next')).toMatchObject({ position: 2, recordId: recordIds[2], hasNext: false });
    expect(await move('next')).toMatchObject({ position: 2, recordId: recordIds[2] });
    expect(await move(1)).toMatchObject({ position: 1, recordId: recordIds[1] });
  });

  it('takes the given records in the given order, at most 1000 of the default order', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const chosen = [recordIds[2]!, recordIds[0]!];
    const session = await h.call(SessionSubjects.create, { recordIds: chosen }, projectId);
    expect((await h.call(SessionSubjects.get, { sessionId: session.id }, projectId)).recordIds).toEqual(chosen);

    await addRecords(h, projectId, Array.from({ length: 1_000 }, (_, i) => ({ id: 100 + i, headline: `headline ${i}` })));
    const big = await h.call(SessionSubjects.create, {}, projectId);
    expect(big.size).toBe(1_000);
    const { recordIds: first1000 } = await h.call(SessionSubjects.get, { sessionId: big.id }, projectId);
    expect(first1000.slice(0, 3)).toEqual(recordIds);
  });

  it('survives a restart of the service', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    const session = await h.call(SessionSubjects.create, {}, projectId);
    await h.call(SessionSubjects.move, { sessionId: session.id, to: 'next' }, projectId);
    await h.restart();
    expect(await h.call(SessionSubjects.get, { sessionId: session.id }, projectId)).toMatchObject({ position: 1, recordId: recordIds[1] });
    expect(await h.call(SessionSubjects.move, { sessionId: session.id, to: 'next' }, projectId)).toMatchObject({ position: 2 });
  });

  it('rejects unknown records, too many records, positions outside, and other projects\' sessions; a colleague may open one', async () => {
    const { projectId, recordIds } = await headlineProject(h);
    expect(await h.error(SessionSubjects.create, { recordIds: [recordIds[0]!, 'ghost'] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.recordIds.1'),
    });
    expect(await h.raw(SessionSubjects.create, { recordIds: Array.from({ length: 1_001 }, (_, i) => `r${i}`) }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.recordIds'),
    });
    const session = await h.call(SessionSubjects.create, {}, projectId);
    expect(await h.error(SessionSubjects.move, { sessionId: session.id, to: 3 }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.to'),
    });
    expect(await h.raw(SessionSubjects.move, { sessionId: session.id, to: 'sideways' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.to'),
    });
    // handed to an annotator (the gateway checks the assignment): same records, same position
    expect(await h.call(SessionSubjects.get, { sessionId: session.id }, projectId, ANNOTATOR)).toMatchObject({ id: session.id, size: session.size });
    const other = await headlineProject(h);
    expect(await h.error(SessionSubjects.get, { sessionId: session.id }, other.projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(SessionSubjects.get, { sessionId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
