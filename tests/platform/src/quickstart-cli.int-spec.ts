import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const ADMIN = { email: 'quickstart@example.com', password: 'a quickstart password' };

/** The quickstart's three labeling functions, as written there. */
const FUNCTIONS = {
  'starts_with_digit.py': `def starts_with_digit(record):
    headline = record["headline"].text
    headline_as_list = headline.split(" ")
    if(headline_as_list[0].isnumeric()):
        return "clickbait"
`,
  'lookup_not_clickbait.py': `from knowledge import country_related

def lookup_not_clickbait(record):
    for term in country_related:
        if(term.lower() in record["headline"].text.lower()):
            return "not clickbait"
`,
  'lookup_clickbait.py': `from knowledge import clickbait_expression

def lookup_clickbait(record):
    for term in clickbait_expression:
        if(term.lower() in record["headline"].text.lower()):
            return "clickbait"
`,
};

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the quickstart with the `refinery` CLI alone (every service, the gateway, real NATS/Redis/FerretDB)', () => {
  const running: RunningService[] = [];
  let dir: string;
  let env: NodeJS.ProcessEnv;

  /** Runs the real binary in a child process, as a user would. */
  function refinery(...args: string[]): Promise<CliResult> {
    return new Promise((done) => {
      execFile(process.execPath, [CLI, ...args], { env, cwd: dir, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  /** `--json` output of a command that must succeed. */
  async function json<T>(...args: string[]): Promise<T> {
    const r = await refinery(...args, '--json');
    if (r.code !== 0) throw new Error(`refinery ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  beforeAll(async () => {
    const base = testEnv({ AUTH_SCRYPT_COST: '1024', HEURISTICS_PY_WARMUP: 'true' });
    for (const def of [recordsService, embeddingsService, heuristicsService, weakSupervisionService, exportService] as ServiceDefinition[]) {
      running.push(await startService(def, base, []));
    }
    const gateway = await startService(gatewayService as ServiceDefinition, { ...base, WEB_DIST_DIR: '/nonexistent', AUTH_ADMIN_EMAIL: ADMIN.email, AUTH_ADMIN_PASSWORD: ADMIN.password }, []);
    running.push(gateway);
    dir = await mkdtemp(join(tmpdir(), 'refinery-cli-'));
    env = { PATH: process.env['PATH'], REFINERY_URL: `http://127.0.0.1:${gateway.port}`, REFINERY_CONFIG: join(dir, 'config.json'), ADMIN_PASSWORD: ADMIN.password };
    for (const [file, code] of Object.entries(FUNCTIONS)) await writeFile(join(dir, file), code);
  }, 120_000);

  afterAll(async () => {
    for (const svc of running.reverse()) await svc.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs from the sample project to an export', async () => {
    // login: the admin is created at the gateway's first start (in the background)
    await expectEventually(async () => {
      const r = await refinery('login', '--email', ADMIN.email, '--password-env', 'ADMIN_PASSWORD');
      if (r.code !== 0) throw new Error(r.stderr);
    }, { timeoutMs: 30_000 });
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({ url: env['REFINERY_URL'], token: expect.stringMatching(/^rfy_/) });

    // the sample project, "clickbait – initial"
    const imported = await json<{ projectId: string }>('project', 'create', 'clickbait quickstart', '--sample', 'clickbait-initial');
    const project = 'clickbait quickstart';
    const shown = await json<{ id: string; recordCount: number; taskCount: number }>('project', 'show', project);
    expect(shown).toMatchObject({ id: imported.projectId, recordCount: 3_000, taskCount: 2 });

    // an attribute-level embedding (tf-idf: no model download on this machine; distilbert needs the hub)
    const embedding = await json<{ name: string; state: string }>('embedding', 'create', project, '--attribute', 'headline', '--model', 'tf-idf', '--wait');
    expect(embedding).toMatchObject({ name: 'headline-classification-tf-idf', state: 'FINISHED' });

    // rename the labels
    await json('label', 'rename', project, 'clickbait', 'yes', 'clickbait');
    await json('label', 'rename', project, 'clickbait', 'no', 'not clickbait');

    // about 30 manual labels, and spans that fill the lookup lists
    const { records } = await json<{ records: { key: string; data: { headline: string } }[] }>('records', 'list', project, '--limit', '60');
    const clickbaity = (h: string) => /^\d/.test(h) || /\byou\b|\bthis\b|\bwhy\b/i.test(h);
    for (const r of records.slice(0, 30)) {
      await json('label', 'set', project, 'clickbait', r.key, clickbaity(r.data.headline) ? 'clickbait' : 'not clickbait');
    }
    const withCountry = records.find((r) => /\b(Iraq|China|Russia|Israel|Iran|France|Britain)\b/.test(r.data.headline));
    if (withCountry) {
      const m = /\b(Iraq|China|Russia|Israel|Iran|France|Britain)\b/.exec(withCountry.data.headline)!;
      await json('label', 'set', project, 'indicators', withCountry.key, 'country_related', '--span', `${m.index}:${m.index + m[0].length}`);
    }
    await json('lookup', 'add', project, 'country_related', 'Iraq', 'China', 'Russia', 'Israel');
    await json('lookup', 'add', project, 'clickbait_expression', 'you will', 'why you', 'this is');

    // the three labeling functions and an active learner
    for (const [file] of Object.entries(FUNCTIONS)) {
      await json('heuristic', 'create', project, '--task', 'clickbait', '--name', file.replace('.py', ''), '--file', file);
    }
    await writeFile(join(dir, 'learner.json'), JSON.stringify({ embedding: 'headline-classification-tf-idf', model: 'decision-tree', minConfidence: 0.6 }));
    await json('heuristic', 'create', project, '--task', 'clickbait', '--name', 'tree learner', '--type', 'active-learner', '--config', 'learner.json');
    const runs = await json<{ state: string; counts: { hits: number } }[]>('heuristic', 'run', project, '--all', '--wait');
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.state === 'succeeded')).toBe(true);
    expect(runs.every((r) => r.counts.hits > 0)).toBe(true);

    // weak supervision, statistics
    const ws = await json<{ state: string; summary: { written: number } }>('ws', 'run', project, '--task', 'clickbait', '--wait');
    expect(ws.state).toBe('COMPLETED');
    expect(ws.summary.written).toBeGreaterThan(300);
    const stats = await json<{ heuristics: { coverage: number }[] }>('stats', project, '--task', 'clickbait');
    expect(stats.heuristics.length).toBeGreaterThanOrEqual(4);
    const listed = await json<{ name: string; statistics: { coverage: number } | null }[]>('heuristic', 'list', project);
    expect(listed.find((h) => h.name === 'starts_with_digit')?.statistics?.coverage).toBeGreaterThan(0);

    // export with refinery's column names
    const out = join(dir, 'clickbait.csv');
    await json('export', project, '--format', 'csv', '--out', out);
    const header = (await readFile(out, 'utf8')).split('\n')[0] ?? '';
    expect(header.split(',')).toEqual(expect.arrayContaining(['headline', 'running_id', '__clickbait__MANUAL', '__clickbait__WEAK_SUPERVISION', '__clickbait__WEAK_SUPERVISION__confidence']));
  }, 600_000);

  it('exits non-zero with a message on stderr for every kind of error', async () => {
    const unknown = await refinery('project', 'show', 'no such project');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^refinery: no project "no such project"; projects: /);
    const usage = await refinery('task', 'create', 'clickbait quickstart');
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('missing <name>') });
    const badLabel = await refinery('label', 'set', 'clickbait quickstart', 'clickbait', '0', 'no clickbait');
    expect(badLabel).toMatchObject({ code: 2, stderr: expect.stringContaining('task "clickbait" has no label "no clickbait"; labels: "not clickbait", "clickbait"') });
    const conflict = await refinery('task', 'create', 'clickbait quickstart', 'clickbait', '--type', 'classification', '--labels', 'a,b');
    expect(conflict).toMatchObject({ code: 1, stderr: expect.stringMatching(/^refinery: CONFLICT: /) });
    const badToken = await refinery('project', 'list', '--token', 'rfy_000000000000_nope');
    expect(badToken).toMatchObject({ code: 1, stderr: expect.stringMatching(/^refinery: UNAUTHENTICATED: /) });
    const offline = await refinery('project', 'list', '--url', 'http://127.0.0.1:9');
    expect(offline).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot reach http://127.0.0.1:9') });
    const unknownCommand = await refinery('frobnicate');
    expect(unknownCommand).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  }, 60_000);
});
