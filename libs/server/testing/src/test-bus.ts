import { pino } from 'pino';
import { NatsBus, NatsConnectionManager } from '@refinery/server-nats';
import { readTestInfra } from './infra-file.js';

export interface TestBus {
  bus: NatsBus;
  connection: NatsConnectionManager;
  close(): Promise<void>;
}

/**
 * A NATS client for tests, speaking the same envelope protocol as the services. Pass the env the
 * services under test were started with, so the client uses their NATS and namespace.
 */
export async function testBus(
  env: { NATS_URL?: string; REFINERY_NAMESPACE?: string } = {},
): Promise<TestBus> {
  const connection = new NatsConnectionManager({
    url: env.NATS_URL ?? readTestInfra().natsUrl,
    name: 'test-client',
    logger: pino({ level: 'silent' }),
    logIntervalMs: 60_000,
    ...(env.REFINERY_NAMESPACE ? { namespace: env.REFINERY_NAMESPACE } : {}),
  });
  await connection.waitConnected();
  return { bus: new NatsBus(connection), connection, close: () => connection.close() };
}
