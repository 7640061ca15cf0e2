import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { assertPortFree, freePort } from './ports.js';

export interface InfraOptions {
  /** Data of all three processes lives below this folder. */
  dataDir: string;
  /** Fixed ports (the local stack) or free ports chosen here (tests). */
  ports?: { nats?: number; redis?: number; mongo?: number };
  /** Keep Redis data on disk (local stack) or not (tests). */
  persistRedis?: boolean;
  /** Which processes to start; a URL given in `external` is used instead of starting one. */
  external?: { natsUrl?: string; redisUrl?: string; mongoUrl?: string };
}

export interface Infra {
  natsUrl: string;
  redisUrl: string;
  mongoUrl: string;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

/**
 * Starts nats-server (JetStream), redis-server and FerretDB (SQLite backend) as child processes
 * from the binaries on PATH (scripts/bootstrap.sh provides them). Shared by the local stack, the
 * integration-test harness and the benchmarks.
 */
export async function startInfra(opts: InfraOptions): Promise<Infra> {
  const processes: ManagedProcess[] = [];
  const logDir = join(opts.dataDir, 'logs');
  const ext = opts.external ?? {};
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    const natsUrl = ext.natsUrl ?? (await startNats(opts, logDir, processes));
    const redisUrl = ext.redisUrl ?? (await startRedis(opts, logDir, processes));
    const mongoUrl = ext.mongoUrl ?? (await startFerret(opts, logDir, processes));
    return { natsUrl, redisUrl, mongoUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function port(fixed: number | undefined, purpose: string): Promise<number> {
  if (fixed === undefined) return freePort();
  await assertPortFree(fixed, purpose);
  return fixed;
}

async function startNats(
  opts: InfraOptions,
  logDir: string,
  out: ManagedProcess[],
): Promise<string> {
  const p = await port(opts.ports?.nats, 'NATS');
  const store = join(opts.dataDir, 'nats');
  mkdirSync(store, { recursive: true });
  out.push(
    await ManagedProcess.start({
      name: 'nats-server',
      command: 'nats-server',
      args: ['-a', '127.0.0.1', '-p', String(p), '-js', '-sd', store],
      logFile: join(logDir, 'nats.log'),
      port: p,
    }),
  );
  return `nats://127.0.0.1:${p}`;
}

async function startRedis(
  opts: InfraOptions,
  logDir: string,
  out: ManagedProcess[],
): Promise<string> {
  const p = await port(opts.ports?.redis, 'Redis');
  const dir = join(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const persistence = opts.persistRedis
    ? ['--appendonly', 'yes', '--save', '60 1']
    : ['--save', '', '--appendonly', 'no'];
  out.push(
    await ManagedProcess.start({
      name: 'redis-server',
      command: 'redis-server',
      args: [
        '--port',
        String(p),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--daemonize',
        'no',
        ...persistence,
      ],
      logFile: join(logDir, 'redis.log'),
      port: p,
    }),
  );
  return `redis://127.0.0.1:${p}`;
}

async function startFerret(
  opts: InfraOptions,
  logDir: string,
  out: ManagedProcess[],
): Promise<string> {
  const p = await port(opts.ports?.mongo, 'FerretDB (MongoDB protocol)');
  const dir = join(opts.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  out.push(
    await ManagedProcess.start({
      name: 'ferretdb',
      command: 'ferretdb',
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--listen-addr=127.0.0.1:${p}`,
        `--state-dir=${dir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ],
      logFile: join(logDir, 'ferretdb.log'),
      port: p,
    }),
  );
  return `mongodb://127.0.0.1:${p}/`;
}
