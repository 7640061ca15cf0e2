import type { RefineryClient, OutputOf } from '@refinery/sdk';
import { CliError } from './cli-error.js';

type Task = OutputOf<'listTasks'>['tasks'][number];

const choices = (names: readonly string[]): string => (names.length ? names.map((n) => `"${n}"`).join(', ') : 'none');

/** A project by id or by name (names are unique per organization). */
export async function resolveProject(client: RefineryClient, ref: string): Promise<string> {
  const { projects } = await client.call('listProjects', {}, {});
  const byId = projects.find((p) => p.id === ref);
  if (byId) return byId.id;
  const named = projects.filter((p) => p.name === ref);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1) throw new CliError(`${named.length} projects are named "${ref}" (in different organizations); use the id: ${named.map((p) => p.id).join(', ')}`);
  throw new CliError(`no project "${ref}"; projects: ${choices(projects.map((p) => p.name))}`);
}

export async function resolveTask(client: RefineryClient, projectId: string, ref: string): Promise<Task> {
  const { tasks } = await client.call('listTasks', { projectId }, {});
  const task = tasks.find((t) => t.id === ref || t.name === ref);
  if (!task) throw new CliError(`no labeling task "${ref}"; tasks: ${choices(tasks.map((t) => t.name))}`);
  return task;
}

export function resolveLabel(task: Task, ref: string): Task['labels'][number] {
  const label = task.labels.find((l) => l.id === ref || l.name === ref);
  if (!label) throw new CliError(`task "${task.name}" has no label "${ref}"; labels: ${choices(task.labels.map((l) => l.name))}`);
  return label;
}

/** A record by id or by the value of its primary key (scanning the records in pages). */
export async function resolveRecord(client: RefineryClient, projectId: string, ref: string): Promise<string> {
  let afterSeq: number | null = -1;
  while (afterSeq !== null) {
    const page: OutputOf<'listRecords'> = await client.call('listRecords', { projectId }, { afterSeq, limit: 2_000 });
    for (const r of page.records) {
      if (r.id === ref) return r.id;
      if (r.key === ref) return r.id;
    }
    afterSeq = page.nextAfterSeq;
  }
  throw new CliError(`no record with id or primary key "${ref}"`);
}

export async function resolveHeuristics(client: RefineryClient, projectId: string, refs: readonly string[]): Promise<string[]> {
  const { heuristics } = await client.call('listHeuristics', { projectId }, {});
  return refs.map((ref) => {
    const h = heuristics.find((x) => x.id === ref || x.name === ref);
    if (!h) throw new CliError(`no heuristic "${ref}"; heuristics: ${choices(heuristics.map((x) => x.name))}`);
    return h.id;
  });
}

export async function resolveEmbedding(client: RefineryClient, projectId: string, ref: string): Promise<string> {
  const { embeddings } = await client.call('listEmbeddings', { projectId }, {});
  const e = embeddings.find((x) => x.id === ref || x.name === ref);
  if (!e) throw new CliError(`no embedding "${ref}"; embeddings: ${choices(embeddings.map((x) => x.name))}`);
  return e.id;
}
