import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendService } from '@refinery/contracts';
import { ManagedProcess, freePort } from '@refinery/server-infra';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../../../');

export interface BackendProcesses {
  /** Log file per service (read on failure). */
  logs: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The real backend services as child processes (their built `dist/main.js`) on the test's NATS,
 * Redis, FerretDB and namespace. A service cannot import another service's code (the module
 * boundary), so the gateway's tests run its peers the way production does: as processes.
 */
export async function startBackends(env: Record<string, string>, services: readonly BackendService[]): Promise<BackendProcesses> {
  const logs: Record<string, string> = {};
  const starts = services.map(async (service) => {
    const port = await freePort();
    const logFile = join(tmpdir(), `refinery-api-tests-${env['REFINERY_NAMESPACE'] ?? 'x'}`, `${service}.log`);
    logs[service] = logFile;
    return ManagedProcess.start({
      name: service,
      command: process.execPath,
      args: [join(repoRoot, 'services', service, 'dist', 'main.js')],
      env: { ...process.env, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      logFile,
      port,
      cwd: repoRoot,
      startTimeoutMs: 120_000,
    });
  });
  // Started side by side; if one fails, the others are stopped again (its log tail is in the error).
  const results = await Promise.allSettled(starts);
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((p) => p.stop()));
    throw failed.reason;
  }
  return { logs, stop: async () => void (await Promise.all(started.map((p) => p.stop()))) };
}
