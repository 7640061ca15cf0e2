import {
  AssociationSubjects,
  AttributeSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  type Actor,
  type BulkItem,
  type LabelingTask,
  type TaskKind,
} from '@refinery/contracts';
import { ServiceHarness, testEnv } from '@refinery/server-testing';
// A run is a conversation with the records service: the tests start both (as services/export does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { weakSupervisionService } from '../weak-supervision.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-ws', role: 'owner' };
export const EXPERT: Actor = { userId: 'bo', orgId: 'org-ws', role: 'expert' };
export const ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-ws', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };

export type { ErrorReply } from '@refinery/server-testing';

let counter = 0;

/** The records and weak-supervision services on fresh databases, and a client speaking as any actor. */
export class WsHarness extends ServiceHarness {
  static async start(): Promise<WsHarness> {
    // A short debounce keeps the automatic recomputes quick to observe.
    const env = testEnv({ WS_STATISTICS_DEBOUNCE_MS: '150', WS_STATISTICS_MAX_WAIT_MS: '2000', WS_ACCESS_CACHE_MS: '1000' });
    const { running, client } = await ServiceHarness.startAll(env, [
      { definition: recordsService, health: HealthSubjects.records.check },
      { definition: weakSupervisionService, health: HealthSubjects['weak-supervision'].check },
    ]);
    return new WsHarness(running, client, env, { actor: OWNER, timeoutMs: 30_000 });
  }

  /** A project with `id` (primary key) and `headline`, and `n` records (or these headlines); their ids in the default order. */
  async project(n: number | readonly string[]): Promise<{ projectId: string; recordIds: string[]; headlineId: string }> {
    const headlines = typeof n === 'number' ? Array.from({ length: n }, (_, i) => `headline number ${i}`) : n;
    const { id: projectId } = await this.call(ProjectSubjects.create, { name: `ws project ${++counter}-${Date.now()}` }, null);
    await this.call(AttributeSubjects.create, { name: 'id', dataType: 'INTEGER', isPrimaryKey: true }, projectId);
    const headline = await this.call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, projectId);
    await this.call(RecordSubjects.add, { records: headlines.map((headline, id) => ({ data: { id, headline } })) }, projectId);
    const { records } = await this.call(RecordSubjects.list, { limit: 500 }, projectId);
    return { projectId, recordIds: records.map((r) => r.id), headlineId: headline.id };
  }

  task(projectId: string, name: string, kind: TaskKind, labels: string[], attributeId: string | null = null): Promise<LabelingTask> {
    return this.call(TaskSubjects.create, { name, kind, attributeId, labels: labels.map((l) => ({ name: l })) }, projectId);
  }

  /** Writes a heuristic's outputs as the heuristics service does. */
  async heuristic(projectId: string, taskId: string, sourceId: string, items: BulkItem[]): Promise<void> {
    const ref = { source: 'HEURISTIC' as const, sourceId, taskId };
    const { generation } = await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
    await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
  }

  /** Documents of this service's collection for a project, read straight from its database. */
  countStored(collection: string, projectId: string): Promise<number> {
    return this.countIn('weak_supervision', collection, { projectId });
  }
}

export function labelOf(task: LabelingTask, name: string): string {
  const label = task.labels.find((l) => l.name === name);
  if (!label) throw new Error(`no label ${name} in task ${task.name}`);
  return label.id;
}
