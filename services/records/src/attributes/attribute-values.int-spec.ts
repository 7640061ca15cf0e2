import { AttributeSubjects, AttributeValueSubjects, RecordSubjects } from '@refinery/contracts';
import { headlineProject, newProject } from '../test-support/fixtures.js';
import { RecordsHarness } from '../test-support/records-harness.js';
import { upload } from '../test-support/upload-client.js';

describe('computed attribute values', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('creates a computed attribute whose values appear with the commit, tokenized when TEXT', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const values = AttributeValueSubjects.replace;
    const begun = await h.call(values, { step: 'begin', name: 'shout', dataType: 'TEXT' }, projectId);
    expect((await h.call(AttributeSubjects.list, {}, projectId)).attributes.find((a) => a.name === 'shout')).toMatchObject({ origin: 'COMPUTED', visible: false });
    await h.call(values, { step: 'page', attributeId: begun.attributeId, generation: begun.generation, values: [{ recordId: ids[0]!, value: 'YOU WILL' }, { recordId: ids[1]!, value: 'BUDGET!' }] }, projectId);
    // Nothing is visible before the commit.
    expect((await h.call(RecordSubjects.get, { recordId: ids[0]! }, projectId)).data['shout']).toBeNull();
    expect(await h.call(values, { step: 'commit', attributeId: begun.attributeId, generation: begun.generation }, projectId)).toMatchObject({ count: 2 });
    const record = await h.call(RecordSubjects.get, { recordId: ids[0]!, withTokens: true }, projectId);
    expect(record.data['shout']).toBe('YOU WILL');
    expect(record.tokens?.['shout']).toEqual({ starts: [0, 4], ends: [3, 8] });
    expect((await h.call(AttributeSubjects.list, {}, projectId)).attributes.find((a) => a.name === 'shout')?.visible).toBe(true);

    // A re-run replaces the values as a whole.
    const again = await h.call(values, { step: 'begin', name: 'shout', dataType: 'TEXT' }, projectId);
    expect(again.attributeId).toBe(begun.attributeId);
    await h.call(values, { step: 'page', attributeId: again.attributeId, generation: again.generation, values: [{ recordId: ids[0]!, value: 'AGAIN' }] }, projectId);
    expect((await h.call(RecordSubjects.get, { recordId: ids[0]! }, projectId)).data['shout']).toBe('YOU WILL');
    await h.call(values, { step: 'commit', attributeId: again.attributeId, generation: again.generation }, projectId);
    expect((await h.call(RecordSubjects.get, { recordId: ids[0]! }, projectId)).data['shout']).toBe('AGAIN');
    // A record the re-run gave no value has none (null), not the old one.
    expect((await h.call(RecordSubjects.get, { recordId: ids[1]! }, projectId)).data['shout']).toBeNull();
  });

  it('checks values against the type, refuses taken names, drops an aborted new attribute', async () => {
    const { projectId, recordIds: ids } = await headlineProject(h);
    const values = AttributeValueSubjects.replace;
    const begun = await h.call(values, { step: 'begin', name: 'length', dataType: 'INTEGER' }, projectId);
    const bad = await h.error(values, { step: 'page', attributeId: begun.attributeId, generation: begun.generation, values: [{ recordId: ids[0]!, value: 4 }, { recordId: ids[1]!, value: 'four' }] }, projectId);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.values.1.value') });
    expect(await h.error(values, { step: 'page', attributeId: begun.attributeId, generation: begun.generation, values: [{ recordId: 'nope', value: 4 }] }, projectId)).toMatchObject({
      message: expect.stringContaining('payload.values.0.recordId'),
    });
    expect(await h.error(values, { step: 'begin', name: 'headline', dataType: 'TEXT' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.error(values, { step: 'begin', name: 'length', dataType: 'FLOAT' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    await h.call(values, { step: 'abort', attributeId: begun.attributeId, generation: begun.generation }, projectId);
    expect((await h.call(AttributeSubjects.list, {}, projectId)).attributes.map((a) => a.name)).toEqual(['id', 'headline']);
    expect(await h.error(values, { step: 'commit', attributeId: begun.attributeId, generation: begun.generation }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps computed values through a re-upload, whose file does not carry them', async () => {
    const projectId = await newProject(h);
    await upload(h, projectId, 'CSV', 'id,headline\n1,First\n2,Second\n', { primaryKey: ['id'] });
    const ids = (await h.call(RecordSubjects.list, {}, projectId)).records.map((r) => r.id);
    const values = AttributeValueSubjects.replace;
    const begun = await h.call(values, { step: 'begin', name: 'flag', dataType: 'BOOLEAN' }, projectId);
    await h.call(values, { step: 'page', attributeId: begun.attributeId, generation: begun.generation, values: ids.map((recordId) => ({ recordId, value: true })) }, projectId);
    await h.call(values, { step: 'commit', attributeId: begun.attributeId, generation: begun.generation }, projectId);
    const again = await upload(h, projectId, 'CSV', 'id,headline\n1,First edited\n3,Third\n');
    expect(again).toMatchObject({ state: 'COMPLETED', result: { created: 1, updated: 1 } });
    expect((await h.call(RecordSubjects.list, {}, projectId)).records.map((r) => r.data)).toEqual([
      { id: 1, headline: 'First edited', flag: true },
      { id: 2, headline: 'Second', flag: true },
      { id: 3, headline: 'Third', flag: null },
    ]);
  });
});
