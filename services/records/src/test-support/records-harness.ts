import { HealthSubjects, type Actor } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { ServiceHarness, testEnv } from '@refinery/server-testing';
import { recordsService } from '../records.service-definition.js';

export type { ErrorReply } from '@refinery/server-testing';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-a', role: 'owner' };
export const ANNOTATOR: Actor = { userId: 'bob', orgId: 'org-a', role: 'annotator' };
export const SECOND_ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-a', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-b', role: 'owner' };

const RECORDS = { definition: recordsService, health: HealthSubjects.records.check };

/**
 * One running records service (fresh databases, own namespace on the shared NATS and Redis from
 * testEnv(), so two test files never serve each other's requests or jobs) and a client speaking
 * to it as a given actor.
 */
export class RecordsHarness extends ServiceHarness {
  static async start(overrides: Record<string, string> = {}): Promise<RecordsHarness> {
    const env = testEnv(overrides);
    const { running, client } = await ServiceHarness.startAll(env, [RECORDS]);
    return new RecordsHarness(running, client, env, { actor: OWNER });
  }

  /** Stops the service and starts it again on the same databases (a restart). */
  async restart(): Promise<void> {
    await (this.services[0] as RunningService).close();
    this.services[0] = await startService(recordsService, this.env, []);
    await ServiceHarness.answering(this.client, RECORDS.health);
  }

  /** A second instance of the service on the same databases and namespace (another replica). */
  async startReplica(): Promise<RunningService> {
    return startService(recordsService, this.env, []);
  }
}
