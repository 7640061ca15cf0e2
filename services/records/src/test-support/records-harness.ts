import type { z } from 'zod';
import { HealthSubjects, type Actor, type EventContract, type RequestContract } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
import { recordsService } from '../records.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-a', role: 'owner' };
export const ANNOTATOR: Actor = { userId: 'bob', orgId: 'org-a', role: 'annotator' };
export const SECOND_ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-a', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-b', role: 'owner' };

export interface ErrorReply {
  code: string;
  message: string;
}

/**
 * One running records service (fresh databases) and a client speaking to it as a given actor.
 *
 * Each harness has its own nats-server and redis-server: services answer in a NATS queue group
 * and consume a BullMQ queue both named after the service, so two test files that boot the
 * records service on the shared infrastructure would serve each other's requests and jobs from
 * the wrong database.
 */
export class RecordsHarness {
  private constructor(
    private running: RunningService,
    readonly client: TestBus,
    readonly env: Record<string, string>,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<RecordsHarness> {
    // Shared NATS/Redis: testEnv()'s namespace keeps this file's messages and jobs apart.
    const env = testEnv(overrides);
    const harness = new RecordsHarness(await startService(recordsService, env, []), await testBus(env), env);
    await harness.answering();
    return harness;
  }

  /** Handlers subscribe once the service has connected to NATS, after startService returns. */
  private async answering(): Promise<void> {
    await expectEventually(() => this.client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
  }

  /** Stops the service and starts it again on the same databases (a restart). */
  async restart(): Promise<void> {
    await this.running.close();
    this.running = await startService(recordsService, this.env, []);
    await this.answering();
  }

  /** A second instance of the service on the same databases and namespace (another replica). */
  async startReplica(): Promise<RunningService> {
    return startService(recordsService, this.env, []);
  }

  /** A provider of the running service (for checks below the NATS surface). */
  get<T>(type: abstract new (...args: never[]) => T): T {
    return this.running.app.get(type as never) as T;
  }

  call<C extends RequestContract>(
    contract: C,
    payload: z.input<C['request']>,
    projectId: string | null = null,
    actor: Actor = OWNER,
  ): Promise<z.infer<C['reply']>> {
    return this.client.bus.request(contract, payload, { actor, projectId });
  }

  /** The error a request ends with (fails the test when it succeeds). */
  async error<C extends RequestContract>(
    contract: C,
    payload: z.input<C['request']>,
    projectId: string | null = null,
    actor: Actor = OWNER,
  ): Promise<ErrorReply> {
    try {
      await this.call(contract, payload, projectId, actor);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { code: e.code ?? 'NONE', message: e.message ?? String(error) };
    }
    throw new Error(`${contract.subject} succeeded but an error was expected`);
  }

  /** Sends a payload without client-side validation: what a buggy or hostile caller does. */
  async raw(contract: RequestContract, payload: unknown, projectId: string | null = null, actor: Actor = OWNER): Promise<ErrorReply> {
    const nc = this.client.connection.get();
    const reply = await nc.request(this.client.connection.wireSubject(contract.subject), encode(makeEnvelope(contract.subject, payload, { actor, projectId })), { timeout: 5_000 });
    const body = JSON.parse(new TextDecoder().decode(reply.data)) as { payload: { ok: boolean; error?: ErrorReply } };
    if (body.payload.ok || !body.payload.error) throw new Error(`${contract.subject} accepted ${JSON.stringify(payload)}`);
    return body.payload.error;
  }

  /** Collects the payloads of an event from now on. */
  async events<C extends EventContract>(contract: C): Promise<z.infer<C['payload']>[]> {
    const seen: z.infer<C['payload']>[] = [];
    const nc = this.client.connection.get();
    nc.subscribe(this.client.connection.wireSubject(contract.subject), {
      callback: (_err, msg) => {
        const env = JSON.parse(new TextDecoder().decode(msg.data)) as { payload: z.infer<C['payload']> };
        seen.push(env.payload);
      },
    });
    await nc.flush();
    return seen;
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.running.close();
  }
}
