import { AttributeSubjects } from '@refinery/contracts';
import { addRecords, attributes, newProject } from '../test-support/fixtures.js';
import { OUTSIDER, RecordsHarness } from '../test-support/records-harness.js';

describe('attributes', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.start();
  });
  afterAll(async () => h?.close());

  it('creates attributes in order, hides and moves them', async () => {
    const projectId = await newProject(h);
    await attributes(h, projectId, [
      ['id', 'INTEGER', true],
      ['headline', 'TEXT', false],
      ['topic', 'CATEGORY', false],
    ]);
    const { attributes: list } = await h.call(AttributeSubjects.list, {}, projectId);
    expect(list.map((a) => [a.name, a.dataType, a.position, a.isPrimaryKey, a.visible])).toEqual([
      ['id', 'INTEGER', 0, true, true],
      ['headline', 'TEXT', 1, false, true],
      ['topic', 'CATEGORY', 2, false, true],
    ]);
    const topic = list[2]!;
    await h.call(AttributeSubjects.update, { attributeId: topic.id, position: 0, visible: false }, projectId);
    const after = (await h.call(AttributeSubjects.list, {}, projectId)).attributes;
    expect(after.map((a) => a.name)).toEqual(['topic', 'id', 'headline']);
    expect(after[0]?.visible).toBe(false);
  });

  it('rejects duplicate names, bad names, unknown attributes and late primary keys', async () => {
    const projectId = await newProject(h);
    await attributes(h, projectId, [['text', 'TEXT', false]]);
    expect(await h.error(AttributeSubjects.create, { name: 'text', dataType: 'INTEGER' }, projectId)).toMatchObject({ code: 'CONFLICT' });
    expect(await h.raw(AttributeSubjects.create, { name: 'a.b', dataType: 'TEXT' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.name'),
    });
    expect(await h.raw(AttributeSubjects.create, { name: 'n', dataType: 'DATE' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.dataType'),
    });
    expect(await h.error(AttributeSubjects.update, { attributeId: 'nope', visible: false }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    await addRecords(h, projectId, [{ text: 'hello' }]);
    expect(await h.error(AttributeSubjects.create, { name: 'key', dataType: 'INTEGER', isPrimaryKey: true }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('no records'),
    });
    expect(await h.error(AttributeSubjects.list, {}, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
