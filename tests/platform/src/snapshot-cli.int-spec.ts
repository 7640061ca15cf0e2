import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_SNAPSHOT_CHUNK_BYTES } from '@refinery/contracts';
import { RefineryClient, type OutputOf } from '@refinery/sdk';
import { expectEventually, testEnv } from '@refinery/server-testing';
import type { RunningService, ServiceDefinition } from '@refinery/server-kit';
import { startService } from '@refinery/server-kit';
import { gatewayService } from '@refinery/service-gateway';
import { recordsService } from '@refinery/service-records';
import { embeddingsService } from '@refinery/service-embeddings';
import { heuristicsService } from '@refinery/service-heuristics';
import { weakSupervisionService } from '@refinery/service-weak-supervision';
import { exportService } from '@refinery/service-export';

const CLI = resolve(fileURLToPath(import.meta.url), '../../../../apps/cli/dist/main.js');
const ADMIN = { email: 'snapshots@example.com', password: 'a snapshot password' };
const SOURCE = 'snapshot source';
/**
 * Random text barely compresses, so the archive spans several upload chunks; 300 characters a
 * row keep a page of 2 000 records under NATS's 1 MB message limit.
 */
const ROWS = 4_000;
const PASSWORD = 'correct horse battery staple';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface ExportJson {
  path: string;
  keptOnServer: boolean;
  archive: { archiveId: string; bytes: number; encrypted: boolean; fileName: string };
  counts: Record<string, Record<string, number>>;
  skippedParts: unknown[];
}

interface ImportJson {
  projectId: string;
  name: string;
  recordCount: number;
  keptOnServer: boolean;
  archive: { archiveId: string; bytes: number; origin: string };
}

describe('`refinery snapshot export|import` (every service, the gateway, real NATS/Redis/FerretDB)', () => {
  const running: RunningService[] = [];
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let client: RefineryClient;
  let sourceId: string;
  /** The primary keys of the two labelled records. */
  let labelled: string[] = [];

  /** The real binary in a child process; stdin is closed after `stdin` (empty by default). */
  function refinery(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
    return new Promise((done) => {
      const child = execFile(process.execPath, [CLI, ...args], { env: { ...env, ...options.env }, cwd: dir, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      child.stdin?.end(options.stdin ?? '');
    });
  }

  async function json<T>(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<T> {
    const r = await refinery([...args, '--json'], options);
    if (r.code !== 0) throw new Error(`refinery ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  /** What must survive the trip, by name (ids are new in a copy): counts, tasks with labels, manual labels per record key. */
  async function contents(projectId: string) {
    const project = await client.call('getProject', { projectId }, {});
    const { tasks } = await client.call('listTasks', { projectId }, {});
    const labelNames = new Map(tasks.flatMap((t) => t.labels.map((l) => [l.id, l.name] as const)));
    const taskNames = new Map(tasks.map((t) => [t.id, t.name]));
    const manual: string[] = [];
    let afterSeq: number | null = -1;
    while (afterSeq !== null) {
      const page: OutputOf<'listRecords'> = await client.call('listRecords', { projectId }, { afterSeq, limit: 2_000 });
      for (const r of page.records) {
        for (const [taskId, summary] of Object.entries(r.labels)) {
          if (summary.manual.length) manual.push(`${r.key} ${taskNames.get(taskId)}: ${summary.manual.map((id) => labelNames.get(id)).join(',')}`);
        }
      }
      afterSeq = page.nextAfterSeq;
    }
    return {
      recordCount: project.recordCount,
      attributeCount: project.attributeCount,
      tasks: tasks.map((t) => ({ name: t.name, kind: t.kind, labels: t.labels.map((l) => l.name).sort() })).sort((a, b) => a.name.localeCompare(b.name)),
      manual: manual.sort(),
    };
  }

  beforeAll(async () => {
    const base = testEnv({ AUTH_SCRYPT_COST: '1024' });
    for (const def of [recordsService, embeddingsService, heuristicsService, weakSupervisionService, exportService] as ServiceDefinition[]) {
      running.push(await startService(def, base, []));
    }
    const gateway = await startService(gatewayService as ServiceDefinition, { ...base, WEB_DIST_DIR: '/nonexistent', AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password }, []);
    running.push(gateway);
    dir = await mkdtemp(join(tmpdir(), 'refinery-snapshot-cli-'));
    env = { PATH: process.env['PATH'], REFINERY_URL: `http://127.0.0.1:${gateway.port}`, REFINERY_CONFIG: join(dir, 'config.json') };

    // the admin is created at the gateway's first start (in the background)
    await expectEventually(async () => {
      const r = await refinery(['login', '--email', ADMIN.email, '--password-stdin'], { stdin: `${ADMIN.password}\n` });
      if (r.code !== 0) throw new Error(r.stderr);
    }, { timeoutMs: 30_000 });
    const { token } = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { token: string };
    client = new RefineryClient({ url: env['REFINERY_URL'] as string, token });

    // a project from a small upload, a task and two manual labels
    const rows = Array.from({ length: ROWS }, (_, i) => `${i},${randomBytes(225).toString('base64')}`);
    await writeFile(join(dir, 'headlines.csv'), `id,headline\n${rows.join('\n')}\n`);
    sourceId = (await json<{ id: string }>(['project', 'create', SOURCE])).id;
    await json(['records', 'upload', SOURCE, 'headlines.csv', '--primary-key', 'id']);
    await json(['task', 'create', SOURCE, 'topic', '--type', 'classification', '--labels', 'news,clickbait']);
    const { records } = await json<{ records: { key: string }[] }>(['records', 'list', SOURCE, '--limit', '2']);
    labelled = records.map((r) => r.key);
    await json(['label', 'set', SOURCE, 'topic', labelled[0]!, 'news']);
    await json(['label', 'set', SOURCE, 'topic', labelled[1]!, 'clickbait']);
  }, 180_000);

  afterAll(async () => {
    for (const svc of running.reverse()) await svc.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exports a project to the current folder and imports the file as a new project with the same records and labels', async () => {
    const source = await contents(sourceId);
    expect(source).toMatchObject({ recordCount: ROWS, manual: [`${labelled[0]} topic: news`, `${labelled[1]} topic: clickbait`] });

    const exported = await json<ExportJson>(['snapshot', 'export', SOURCE]);
    expect(exported).toMatchObject({ path: join(dir, 'snapshot_source.refinery-snapshot.zip'), keptOnServer: false, archive: { encrypted: false }, skippedParts: [] });
    const file = await stat(exported.path);
    expect({ bytes: file.size, mode: file.mode & 0o777 }).toEqual({ bytes: exported.archive.bytes, mode: 0o600 });
    expect(file.size).toBeGreaterThan(MAX_SNAPSHOT_CHUNK_BYTES);
    expect((await readFile(exported.path)).subarray(0, 2).toString()).toBe('PK');
    // the server's copy is gone once the file is on disk
    await expect(client.call('getSnapshot', { projectId: sourceId, archiveId: exported.archive.archiveId }, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const imported = await json<ImportJson>(['snapshot', 'import', exported.path, '--name', 'snapshot copy']);
    expect(imported).toMatchObject({ name: 'snapshot copy', recordCount: ROWS, keptOnServer: false, archive: { bytes: file.size, origin: 'upload' } });
    expect(imported.projectId).not.toBe(sourceId);
    expect(await contents(imported.projectId)).toEqual(source);
    await expect(client.call('getSnapshot', { projectId: imported.projectId, archiveId: imported.archive.archiveId }, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const listed = await json<{ id: string; name: string; role: string }[]>(['project', 'list']);
    expect(listed.find((p) => p.id === imported.projectId)).toMatchObject({ name: 'snapshot copy', role: 'owner' });
  }, 300_000);

  it('encrypts with --password-env, refuses a wrong or missing password and imports with the right one from stdin', async () => {
    await mkdir(join(dir, 'secret'));
    const exported = await refinery(['snapshot', 'export', SOURCE, '--out', 'secret/', '--password-env', 'SNAPSHOT_PW', '--keep'], { env: { SNAPSHOT_PW: PASSWORD } });
    const path = join(dir, 'secret', 'snapshot_source.refinery-snapshot.zip');
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^exported "${SOURCE}" to ${path} \\(\\d+\\.\\d MiB, encrypted\\)\\narchive [0-9a-f]{24} kept on the server\\n$`)) });
    const archiveId = /archive ([0-9a-f]{24}) kept/.exec(exported.stdout)?.[1] ?? '';
    expect(await client.call('getSnapshot', { projectId: sourceId, archiveId }, {})).toMatchObject({ encrypted: true, origin: 'export' });
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 2).toString()).not.toBe('PK');

    const wrong = await refinery(['snapshot', 'import', path, '--name', 'wrong password', '--password-env', 'SNAPSHOT_PW'], { env: { SNAPSHOT_PW: 'not the password' } });
    expect(wrong).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^refinery: VALIDATION_FAILED: payload\.password: wrong password for this archive/m) });
    const missing = await refinery(['snapshot', 'import', path, '--name', 'no password']);
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(`refinery: ${path} is password-protected; give its password with --password-env VAR or --password-stdin\n`) });

    const imported = await refinery(['snapshot', 'import', path, '--name', 'decrypted copy', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^imported snapshot_source\.refinery-snapshot\.zip as project [0-9a-f-]+ "decrypted copy" \(4000 records, 1 task\)\n$/) });
    const copy = (await json<{ id: string; name: string }[]>(['project', 'list'])).find((p) => p.name === 'decrypted copy');
    expect(await contents(copy?.id ?? '')).toEqual(await contents(sourceId));
    expect((await json<{ name: string }[]>(['project', 'list'])).map((p) => p.name)).not.toEqual(expect.arrayContaining(['wrong password']));
  }, 300_000);

  it('exits non-zero with a message on stderr for a bad file, folder, name, organization or project', async () => {
    await writeFile(join(dir, 'empty.zip'), '');
    await mkdir(join(dir, 'a-folder'));
    await mkdir(join(dir, 'errors'));
    await json(['snapshot', 'export', SOURCE, '--out', 'errors/source.zip']);
    const cases: [string[], number, RegExp | string][] = [
      [['snapshot', 'import', 'missing.zip'], 2, 'refinery: no file missing.zip\n'],
      [['snapshot', 'import', 'a-folder'], 2, 'refinery: a-folder is a folder, not a snapshot archive\n'],
      [['snapshot', 'import', 'empty.zip'], 2, 'refinery: empty.zip is empty, not a snapshot archive\n'],
      [['snapshot', 'import', 'headlines.csv', '--name', 'not an archive'], 1, /^refinery: VALIDATION_FAILED: the archive is not a readable project snapshot: it is neither a zip archive nor a password-protected snapshot/m],
      [['snapshot', 'import', 'errors/source.zip'], 1, /^refinery: CONFLICT: .*a project named "snapshot source" already exists in this organization; give the copy another name with --name/m],
      [['snapshot', 'import', 'errors/source.zip', '--org', 'no-such-org'], 1, /^refinery: NOT_FOUND: .*no-such-org/m],
      [['snapshot', 'export', 'no such project'], 2, /^refinery: no project "no such project"; projects: /],
      [['snapshot', 'export', SOURCE, '--out', 'no-such-folder/copy.zip'], 2, `refinery: cannot write to the folder ${join(dir, 'no-such-folder')}: ENOENT\n`],
      [['snapshot', 'export', SOURCE, '--password', PASSWORD], 2, /^refinery: snapshot passwords are not taken as arguments/],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await refinery(args);
      expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ args, code, stdout: '', stderr: typeof stderr === 'string' ? stderr : expect.stringMatching(stderr) });
    }
  }, 300_000);
});
