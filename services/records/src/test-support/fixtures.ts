import {
  AttributeSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  type Actor,
  type DataType,
  type LabelingTask,
  type RecordData,
  type TaskKind,
} from '@refinery/contracts';
import { OWNER, type RecordsHarness } from './records-harness.js';

let counter = 0;

export async function newProject(h: RecordsHarness, actor: Actor = OWNER): Promise<string> {
  const project = await h.call(ProjectSubjects.create, { name: `project ${++counter}-${Date.now()}` }, null, actor);
  return project.id;
}

export const HEADLINES = [
  'You will not believe what happened next',
  'Parliament passes the new budget in Berlin',
  '10 reasons why cats rule the internet',
];

/** A project with `id` (INTEGER, primary key) and `headline` (TEXT) and three records. */
export async function headlineProject(
  h: RecordsHarness,
  headlines: readonly string[] = HEADLINES,
): Promise<{ projectId: string; recordIds: string[]; headlineAttributeId: string }> {
  const projectId = await newProject(h);
  await attributes(h, projectId, [
    ['id', 'INTEGER', true],
    ['headline', 'TEXT', false],
  ]);
  const headline = (await h.call(AttributeSubjects.list, {}, projectId)).attributes.find((a) => a.name === 'headline');
  await h.call(RecordSubjects.add, { records: headlines.map((text, i) => ({ data: { id: i + 1, headline: text } })) }, projectId);
  return { projectId, recordIds: await recordIds(h, projectId), headlineAttributeId: headline?.id ?? '' };
}

export async function attributes(h: RecordsHarness, projectId: string, specs: [string, DataType, boolean][]): Promise<void> {
  for (const [name, dataType, isPrimaryKey] of specs) {
    await h.call(AttributeSubjects.create, { name, dataType, isPrimaryKey }, projectId);
  }
}

/** Record ids in the default order. */
export async function recordIds(h: RecordsHarness, projectId: string): Promise<string[]> {
  return (await h.call(RecordSubjects.list, { limit: 500 }, projectId)).records.map((r) => r.id);
}

export async function addRecords(h: RecordsHarness, projectId: string, rows: RecordData[]): Promise<void> {
  await h.call(RecordSubjects.add, { records: rows.map((data) => ({ data })) }, projectId);
}

export async function task(
  h: RecordsHarness,
  projectId: string,
  name: string,
  kind: TaskKind,
  labels: string[],
  attributeId: string | null = null,
): Promise<LabelingTask> {
  return h.call(TaskSubjects.create, { name, kind, attributeId, labels: labels.map((l) => ({ name: l })) }, projectId);
}

export function labelId(t: LabelingTask, name: string): string {
  const label = t.labels.find((l) => l.name === name);
  if (!label) throw new Error(`no label ${name} in ${t.name}`);
  return label.id;
}
