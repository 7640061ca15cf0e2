import { AssociationSubjects, LabelSubjects, LookupListSubjects, RecordSubjects, type LabelingTask } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { labelIdOf, type HeuristicsHarness } from './heuristics-harness.js';

export const QUICKSTART_HEADLINES = [
  '10 reasons why cats rule the internet',
  'Germany and France sign a new treaty',
  'You will not believe what happened next',
  '5 tricks doctors hate',
  'Parliament in Berlin passes the budget',
  'Why you should never skip breakfast',
];

/** The quickstart's labeling functions, as written there (Python) and their JavaScript twins. */
export const QUICKSTART_CODE = {
  python: {
    starts_with_digit: `def starts_with_digit(record):
    headline = record["headline"].text
    headline_as_list = headline.split(" ")
    if(headline_as_list[0].isnumeric()):
        return "clickbait"
`,
    lookup_not_clickbait: `from knowledge import country_related

def lookup_not_clickbait(record):
    for term in country_related:
        if(term.lower() in record["headline"].text.lower()):
            return "not clickbait"
`,
    lookup_clickbait: `from knowledge import clickbait_expression

def lookup_clickbait(record):
    for term in clickbait_expression:
        if(term.lower() in record["headline"].text.lower()):
            return "clickbait"
`,
  },
  javascript: {
    starts_with_digit: `function starts_with_digit(record) {
  const headlineAsList = record.headline.split(" ");
  if (/^\\d+$/.test(headlineAsList[0])) return "clickbait";
}`,
    lookup_not_clickbait: `import { country_related } from "knowledge";

function lookup_not_clickbait(record) {
  for (const term of country_related) {
    if (record.headline.toLowerCase().includes(term.toLowerCase())) return "not clickbait";
  }
}`,
    lookup_clickbait: `import { clickbait_expression } from "knowledge";

function lookup_clickbait(record) {
  for (const term of clickbait_expression) {
    if (record.headline.toLowerCase().includes(term.toLowerCase())) return "clickbait";
  }
}`,
  },
} as const;

export interface QuickstartProject {
  projectId: string;
  headlineId: string;
  clickbait: LabelingTask;
  entities: LabelingTask;
}

/**
 * The quickstart up to its labeling functions: the clickbait task with "yes"/"no" renamed to
 * "clickbait"/"not clickbait", and manual spans that fill the two extraction labels' lists.
 */
export async function quickstartProject(h: HeuristicsHarness): Promise<QuickstartProject> {
  const { projectId, headlineId } = await h.project(QUICKSTART_HEADLINES);
  const initial = await h.task(projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
  await h.call(LabelSubjects.update, { labelId: labelIdOf(initial, 'yes'), name: 'clickbait' }, projectId);
  await h.call(LabelSubjects.update, { labelId: labelIdOf(initial, 'no'), name: 'not clickbait' }, projectId);
  const clickbait = { ...initial, labels: initial.labels.map((l) => ({ ...l, name: l.name === 'yes' ? 'clickbait' : 'not clickbait' })) };
  const entities = await h.task(projectId, 'entities', 'EXTRACTION', ['country_related', 'clickbait_expression'], headlineId);
  await expectEventually(async () => expect((await h.call(LookupListSubjects.list, {}, projectId)).lists).toHaveLength(2));
  const records = (await h.call(RecordSubjects.list, { limit: 10 }, projectId)).records;
  const id = (i: number) => records[i]?.id ?? '';
  const span = (record: number, label: string, start: number, end: number) =>
    h.call(AssociationSubjects.addSpan, { recordId: id(record), taskId: entities.id, labelId: labelIdOf(entities, label), start, end }, projectId);
  await span(1, 'country_related', 0, 7); // Germany
  await span(4, 'country_related', 14, 20); // Berlin
  await span(2, 'clickbait_expression', 0, 20); // You will not believe
  await span(5, 'clickbait_expression', 0, 14); // Why you should
  await expectEventually(async () => {
    const lists = (await h.call(LookupListSubjects.list, {}, projectId)).lists;
    expect(lists.map((l) => l.termCount)).toEqual([2, 2]);
  });
  return { projectId, headlineId, clickbait, entities };
}
