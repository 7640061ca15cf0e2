import mongoose from 'mongoose';
import type { z } from 'zod';
import type { Actor, EventContract, RequestContract } from '@refinery/contracts';
import { startService, type RunningService, type ServiceDefinition } from '@refinery/server-kit';
import { encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually } from './eventually.js';
import { testBus, type TestBus } from './test-bus.js';

/** What a request was answered with when it failed. */
export interface ErrorReply {
  code: string;
  message: string;
  details?: unknown;
}

/** One service to start: its definition, command-line arguments and the health check it answers. */
export interface HarnessService {
  definition: ServiceDefinition;
  args?: string[];
  health: RequestContract;
}

export interface HarnessDefaults {
  /** Who a request speaks as unless the test says otherwise. */
  actor: Actor;
  /** How long `call` waits for a reply; the contract's own timeout when not given. */
  timeoutMs?: number;
}

/**
 * Services started for real on the test infrastructure (own namespace and databases, from
 * `testEnv()`), with a client on the bus and the request helpers every service's tests use. The
 * first service is the one under test (`get` reads its providers); the others are what it talks to.
 * Subclasses add the fixtures of their domain.
 */
export class ServiceHarness {
  protected constructor(
    protected readonly services: RunningService[],
    readonly client: TestBus,
    readonly env: Record<string, string>,
    private readonly defaults: HarnessDefaults,
  ) {}

  /**
   * Starts the services in the order given (dependencies first) and waits until each answers its
   * health check: handlers subscribe once a service has connected to NATS, after it started.
   * Returns them with the service under test — the last one — first.
   */
  protected static async startAll(env: Record<string, string>, services: readonly HarnessService[]): Promise<{ running: RunningService[]; client: TestBus }> {
    const running: RunningService[] = [];
    for (const s of services) running.unshift(await startService(s.definition, env, s.args ?? []));
    const client = await testBus(env);
    for (const s of services) await ServiceHarness.answering(client, s.health);
    return { running, client };
  }

  protected static async answering(client: TestBus, health: RequestContract): Promise<void> {
    await expectEventually(() => client.bus.request(health, {}), { timeoutMs: 15_000 });
  }

  /** A provider of the service under test (for checks below the NATS surface). */
  get<T>(type: abstract new (...args: never[]) => T): T {
    return (this.services[0] as RunningService).app.get(type as never) as T;
  }

  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null, actor: Actor = this.defaults.actor): Promise<z.infer<C['reply']>> {
    const { timeoutMs } = this.defaults;
    return this.client.bus.request(contract, payload, { actor, projectId, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }

  /** The code and message a request fails with (fails the test when it succeeds); `raw` gives the whole body. */
  async error<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null, actor: Actor = this.defaults.actor): Promise<ErrorReply> {
    try {
      await this.call(contract, payload, projectId, actor);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { code: e.code ?? 'NONE', message: e.message ?? String(error) };
    }
    throw new Error(`${contract.subject} succeeded but an error was expected`);
  }

  /** Sends a payload without client-side validation (what a buggy or hostile caller does) and returns the error reply. */
  async raw(contract: RequestContract, payload: unknown, projectId: string | null = null, actor: Actor = this.defaults.actor): Promise<ErrorReply> {
    const nc = this.client.connection.get();
    const reply = await nc.request(this.client.connection.wireSubject(contract.subject), encode(makeEnvelope(contract.subject, payload, { actor, projectId })), { timeout: 10_000 });
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
        seen.push((JSON.parse(new TextDecoder().decode(msg.data)) as { payload: z.infer<C['payload']> }).payload);
      },
    });
    await nc.flush();
    return seen;
  }

  /** Documents of a collection in one service's database (`<prefix>_<database>`), read directly. */
  protected async countIn(database: string, collection: string, filter: Record<string, unknown>): Promise<number> {
    const conn = await mongoose.createConnection(this.env['MONGO_URL'] ?? '', { dbName: `${this.env['MONGO_DB_PREFIX'] ?? ''}_${database}` }).asPromise();
    try {
      return await conn.collection(collection).countDocuments(filter);
    } finally {
      await conn.close();
    }
  }

  async close(): Promise<void> {
    await this.client.close();
    for (const s of this.services) await s.close();
  }
}
