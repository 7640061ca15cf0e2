import {
  AssociationSubjects,
  LabelSubjects,
  LookupListSubjects,
  LookupTermSubjects,
  ProjectSubjects,
  RecordSubjects,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { trustedScope } from '../shared/project-scope.js';
import { ANNOTATOR, HeuristicsHarness, OUTSIDER, OWNER, labelIdOf } from '../test-support/heuristics-harness.js';
import { LookupListRepository } from './lookup-list.repository.js';

const HEADLINES = ['Germany and France sign a new treaty', '10 things you must see', 'Berlin votes on the budget'];

describe('lookup lists', () => {
  let h: HeuristicsHarness;
  beforeAll(async () => {
    h = await HeuristicsHarness.start();
  });
  afterAll(async () => h?.close());

  it('creates, renames, lists and deletes a list; its variable stays when it is renamed', async () => {
    const { projectId } = await h.project(HEADLINES);
    const created = await h.call(LookupListSubjects.create, { name: 'Clickbait expressions' }, projectId);
    expect(created).toMatchObject({ name: 'Clickbait expressions', pythonVariable: 'Clickbait_expressions', termCount: 0, labelId: null });
    const renamed = await h.call(LookupListSubjects.update, { listId: created.id, name: 'Bait phrases' }, projectId);
    expect(renamed).toMatchObject({ name: 'Bait phrases', pythonVariable: 'Clickbait_expressions' });
    const moved = await h.call(LookupListSubjects.update, { listId: created.id, pythonVariable: 'bait' }, projectId);
    expect(moved.pythonVariable).toBe('bait');
    expect((await h.call(LookupListSubjects.list, {}, projectId)).lists.map((l) => l.name)).toEqual(['Bait phrases']);
    await h.call(LookupListSubjects.delete, { listId: created.id }, projectId);
    expect((await h.call(LookupListSubjects.list, {}, projectId)).lists).toEqual([]);
    expect(await h.error(LookupListSubjects.get, { listId: created.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('adds, pastes, removes and blacklists terms; blacklisted terms are counted apart', async () => {
    const { projectId } = await h.project(HEADLINES);
    const list = await h.call(LookupListSubjects.create, { name: 'countries' }, projectId);
    const added = await h.call(LookupTermSubjects.add, { listId: list.id, terms: ['Germany', 'France', 'Germany'] }, projectId);
    expect(added).toMatchObject({ added: 2, unchanged: 1, list: { termCount: 2 } });
    const pasted = await h.call(LookupTermSubjects.paste, { listId: list.id, text: 'Italy\n\n Spain \nFrance\n' }, projectId);
    expect(pasted).toMatchObject({ added: 2, unchanged: 1, list: { termCount: 4 } });
    const csv = await h.call(LookupTermSubjects.paste, { listId: list.id, text: 'Peru;Chile', separator: ';' }, projectId);
    expect(csv.added).toBe(2);
    await h.call(LookupTermSubjects.remove, { listId: list.id, terms: ['Peru', 'Mars'] }, projectId);
    const black = await h.call(LookupTermSubjects.blacklist, { listId: list.id, term: 'France' }, projectId);
    expect(black.list).toMatchObject({ termCount: 4, blacklistedCount: 1 });
    const full = await h.call(LookupListSubjects.get, { listId: list.id }, projectId);
    expect(full.terms).toEqual([
      { value: 'Germany', blacklisted: false, origin: 'manual' },
      { value: 'France', blacklisted: true, origin: 'manual' },
      { value: 'Italy', blacklisted: false, origin: 'manual' },
      { value: 'Spain', blacklisted: false, origin: 'manual' },
      { value: 'Chile', blacklisted: false, origin: 'manual' },
    ]);
    const restored = await h.call(LookupTermSubjects.blacklist, { listId: list.id, term: 'France', blacklisted: false }, projectId);
    expect(restored.list.blacklistedCount).toBe(0);
  });

  it('creates one list per extraction label and fills it from manual spans; renaming the label keeps the list', async () => {
    const { projectId, headlineId } = await h.project(HEADLINES);
    const entities = await h.task(projectId, 'entities', 'EXTRACTION', ['country_related', 'clickbait expression'], headlineId);
    await h.task(projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
    const lists = await expectEventually(async () => {
      const found = (await h.call(LookupListSubjects.list, {}, projectId)).lists;
      expect(found).toHaveLength(2);
      return found;
    });
    expect(lists.map((l) => [l.name, l.pythonVariable, l.taskId]).sort()).toEqual([
      ['clickbait expression', 'clickbait_expression', entities.id],
      ['country_related', 'country_related', entities.id],
    ]);

    const [germany] = (await h.call(RecordSubjects.list, { limit: 1 }, projectId)).records;
    const country = labelIdOf(entities, 'country_related');
    await h.call(AssociationSubjects.addSpan, { recordId: germany!.id, taskId: entities.id, labelId: country, start: 0, end: 7 }, projectId);
    await h.call(AssociationSubjects.addSpan, { recordId: germany!.id, taskId: entities.id, labelId: country, start: 12, end: 18 }, projectId);
    const listId = lists.find((l) => l.labelId === country)!.id;
    await expectEventually(async () => {
      const terms = (await h.call(LookupListSubjects.get, { listId }, projectId)).terms;
      expect(terms.map((t) => [t.value, t.origin]).sort()).toEqual([
        ['France', 'span'],
        ['Germany', 'span'],
      ]);
    });

    // A blacklisted term does not come back when it is labelled again.
    await h.call(LookupTermSubjects.blacklist, { listId, term: 'France' }, projectId);
    await h.call(LabelSubjects.update, { labelId: country, name: 'country' }, projectId);
    await h.call(AssociationSubjects.addSpan, { recordId: germany!.id, taskId: entities.id, labelId: country, start: 0, end: 7, gold: true }, projectId);
    const [, , berlin] = (await h.call(RecordSubjects.list, { limit: 3 }, projectId)).records;
    await h.call(AssociationSubjects.addSpan, { recordId: berlin!.id, taskId: entities.id, labelId: country, start: 0, end: 6 }, projectId);
    await h.call(AssociationSubjects.addSpan, { recordId: germany!.id, taskId: entities.id, labelId: country, start: 12, end: 18 }, projectId, ANNOTATOR);
    await expectEventually(async () => {
      const list = await h.call(LookupListSubjects.get, { listId }, projectId);
      expect(list.terms.map((t) => t.value).sort()).toEqual(['Berlin', 'France', 'Germany']);
      expect(list.terms.find((t) => t.value === 'France')?.blacklisted).toBe(true);
      expect(list).toMatchObject({ name: 'country_related', pythonVariable: 'country_related' });
    });
  });

  it('loses no term when many spans are labelled at once (FerretDB does not isolate concurrent updates)', async () => {
    const words = Array.from({ length: 24 }, (_, i) => `Country${i}`);
    const { projectId, headlineId } = await h.project(words.map((w) => `${w} news`));
    const entities = await h.task(projectId, 'entities', 'EXTRACTION', ['country_related'], headlineId);
    const country = labelIdOf(entities, 'country_related');
    const records = (await h.call(RecordSubjects.list, { limit: 100 }, projectId)).records;
    await Promise.all(
      records.map((r) => h.call(AssociationSubjects.addSpan, { recordId: r.id, taskId: entities.id, labelId: country, start: 0, end: String(r.data['headline']).indexOf(' ') }, projectId)),
    );
    await expectEventually(async () => {
      const [list] = (await h.call(LookupListSubjects.list, {}, projectId)).lists;
      expect(list?.termCount).toBe(words.length);
    });
  });

  it('names the conflict when a name or a variable is taken', async () => {
    const { projectId } = await h.project(HEADLINES);
    await h.call(LookupListSubjects.create, { name: 'cities', pythonVariable: 'cities' }, projectId);
    expect(await h.error(LookupListSubjects.create, { name: 'Cities' }, projectId)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"Cities"') });
    expect(await h.error(LookupListSubjects.create, { name: 'towns', pythonVariable: 'cities' }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"cities"'),
    });
    // Without a variable given, a taken one gets a suffix.
    expect((await h.call(LookupListSubjects.create, { name: 'cities!' }, projectId)).pythonVariable).toBe('cities_2');
  });

  it('refuses malformed input naming the field', async () => {
    const { projectId } = await h.project(HEADLINES);
    const list = await h.call(LookupListSubjects.create, { name: 'x' }, projectId);
    expect(await h.raw(LookupListSubjects.create, { name: '  ' }, projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.name') });
    expect(await h.raw(LookupListSubjects.create, { name: 'y', pythonVariable: '1abc' }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.pythonVariable'),
    });
    expect(await h.raw(LookupTermSubjects.add, { listId: list.id, terms: [] }, projectId)).toMatchObject({ message: expect.stringContaining('payload.terms') });
    expect(await h.raw(LookupTermSubjects.add, { listId: list.id, terms: ['x'.repeat(501)] }, projectId)).toMatchObject({ message: expect.stringContaining('payload.terms.0') });
    expect(await h.raw(LookupTermSubjects.paste, { listId: list.id, text: '' }, projectId)).toMatchObject({ message: expect.stringContaining('payload.text') });
    expect(await h.raw(LookupListSubjects.list, {}, null)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('projectId') });
  });

  it('keeps lists to the project’s organization and to roles that may see heuristics', async () => {
    const { projectId } = await h.project(HEADLINES);
    const list = await h.call(LookupListSubjects.create, { name: 'secret' }, projectId);
    expect(await h.error(LookupListSubjects.list, {}, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(LookupListSubjects.get, { listId: list.id }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(LookupTermSubjects.add, { listId: list.id, terms: ['a'] }, projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    // A list id of one project is not found through another project of the same organization.
    const other = await h.project(['x']);
    expect(await h.error(LookupListSubjects.get, { listId: list.id }, other.projectId)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removes the lists of a deleted project', async () => {
    const { projectId } = await h.project(HEADLINES);
    const list = await h.call(LookupListSubjects.create, { name: 'gone soon' }, projectId);
    await h.call(ProjectSubjects.delete, {}, projectId);
    // Records answers NOT_FOUND at once; the lists themselves go when the deleted event arrives.
    expect(await h.error(LookupListSubjects.get, { listId: list.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    const repository = h.get(LookupListRepository);
    const scope = trustedScope(projectId, OWNER.orgId, OWNER);
    await expectEventually(async () => expect(await repository.findById(scope, list.id)).toBeNull());
  });
});
