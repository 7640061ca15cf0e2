import { pino } from 'pino';
import { NatsBus, NatsConnectionManager } from '@refinery/server-nats';
import { readTestInfra } from './infra-file.js';

export interface TestBus {
  bus: NatsBus;
  connection: NatsConnectionManager;
  close(): Promise<void>;
}

/** A NATS client for tests, speaking the same envelope protocol as the services. */
export async function testBus(natsUrl = readTestInfra().natsUrl): Promise<TestBus> {
  const connection = new NatsConnectionManager({
    url: natsUrl,
    name: 'test-client',
    logger: pino({ level: 'silent' }),
    logIntervalMs: 60_000,
  });
  await connection.waitConnected();
  return { bus: new NatsBus(connection), connection, close: () => connection.close() };
}
