// The gateway as a child process for benchmarks that go "through the gateway" (a service may not
// import another service's code): started from its build, signed in with an admin created from
// configuration, with an API token and the rate limits lifted.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess, freePort } from '@refinery/server-infra';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../../');
const ADMIN = { email: 'bench@example.com', password: 'a benchmark password' };

export interface BenchGateway {
  readonly base: string;
  /** an API token of the admin (Authorization: Bearer) */
  readonly token: string;
  /** the admin: owner of every project of organization `local` */
  readonly actor: { userId: string; orgId: string; role: 'owner' };
  stop(): Promise<void>;
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function startBenchGateway(env: Record<string, string>): Promise<BenchGateway> {
  const port = await freePort();
  const gateway = await ManagedProcess.start({
    name: 'gateway',
    command: process.execPath,
    args: [join(repoRoot, 'services', 'gateway', 'dist', 'main.js')],
    env: {
      ...process.env,
      ...env,
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: '/nonexistent',
      AUTH_ADMIN_EMAIL: ADMIN.email,
      AUTH_ADMIN_PASSWORD: ADMIN.password,
      API_RATE_LIMIT_IP_PER_S: '0',
      API_RATE_LIMIT_TOKEN_PER_S: '0',
    },
    logFile: join(tmpdir(), `refinery-bench-gateway-${port}.log`),
    port,
    cwd: repoRoot,
    startTimeoutMs: 120_000,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    // The admin is created in the background at the first start.
    let login: Response | null = null;
    for (let i = 0; i < 100; i++) {
      login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      if (login.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!login) throw new Error('no login answer');
    const { user, csrfToken } = await json<{ user: { id: string }; csrfToken: string }>(login, 'login');
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const created = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: base },
      body: JSON.stringify({ name: 'bench', scope: 'write', expiresInDays: 1 }),
    });
    const { secret } = await json<{ secret: string }>(created, 'token');
    return { base, token: secret, actor: { userId: user.id, orgId: 'local', role: 'owner' }, stop: () => gateway.stop() };
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}
