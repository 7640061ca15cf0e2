import { PassThrough } from 'node:stream';
import type { RunningService, ServiceDefinition } from '@refinery/server-kit';
import { startService } from '@refinery/server-kit';
import { gatewayService } from '../../gateway.service-definition.js';

export interface GatewayUnderTest {
  running: RunningService;
  base: string;
  /** Log lines (JSON) written so far, at the level the test chose. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the real gateway (no web app) with `env`, keeping its log lines for assertions. */
export async function startGateway(env: Record<string, string>): Promise<GatewayUnderTest> {
  const logs: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const running = await startService(gatewayService as unknown as ServiceDefinition, { WEB_DIST_DIR: '/nonexistent', ...env }, [], {
    logDestination: sink,
  });
  return { running, base: `http://127.0.0.1:${running.port}`, logs, close: () => running.close() };
}
