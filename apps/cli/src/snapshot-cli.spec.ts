import { formatBytes } from './archive-file.js';
import { SNAPSHOT_PASSWORD } from './commands/snapshot.commands.js';
import { readPassword } from './password-input.js';
import { runCli } from './run-cli.js';
import type { Terminal } from './terminal.js';

/** Standard input is no terminal in these tests (also when jest itself runs in one). */
const NO_TERMINAL: Terminal = { isTTY: false, readSecret: () => Promise.reject(new Error('no terminal')) };

/**
 * Runs the CLI in-process with a token but an unreachable gateway: every case here must be
 * refused before the first request (a request would fail with exit 1 and "cannot reach").
 */
async function cli(argv: string[], env: Record<string, string> = {}, stdin: string[] = []) {
  let out = '';
  let err = '';
  const code = await runCli(
    ['--token', 'rfy_test', '--url', 'http://127.0.0.1:9', ...argv],
    { REFINERY_CONFIG: '/nonexistent/refinery-config.json', ...env },
    (t) => void (out += t),
    (t) => void (err += t),
    () => stdin,
    NO_TERMINAL,
  );
  return { code, out, err };
}

const usageError = (text: string) => ({ code: 2, out: '', err: expect.stringContaining(text) });

describe('refinery snapshot: arguments', () => {
  it('names the missing <project> and <file>', async () => {
    expect(await cli(['snapshot', 'export'])).toEqual(usageError('missing <project>; usage: refinery snapshot export <project> [--out FILE|DIR] [--password-env VAR | --password-stdin]'));
    expect(await cli(['snapshot', 'import'])).toEqual(usageError('missing <file>; usage: refinery snapshot import <file> [--name NAME] [--org ORG]'));
  });

  it('needs a token like every API command', async () => {
    let err = '';
    const code = await runCli(['snapshot', 'export', 'p'], { REFINERY_CONFIG: '/nonexistent/refinery-config.json' }, () => undefined, (t) => void (err += t), () => [], NO_TERMINAL);
    expect({ code, err }).toEqual({ code: 2, err: 'refinery: no API token: run `refinery login`, or pass --token / set REFINERY_TOKEN\n' });
  });

  it('refuses a password given as an argument, for export and import', async () => {
    for (const command of [['snapshot', 'export', 'p'], ['snapshot', 'import', 'a.zip']]) {
      expect(await cli([...command, '--password', 'correct horse battery'])).toEqual(usageError('snapshot passwords are not taken as arguments (they end up in the shell history and in `ps`); use --password-env VAR or --password-stdin'));
    }
  });

  it('names an unset, empty or too short --password-env variable', async () => {
    expect(await cli(['snapshot', 'export', 'p', '--password-env', 'SNAPSHOT_PW'])).toEqual(usageError('--password-env SNAPSHOT_PW: the environment variable SNAPSHOT_PW is not set'));
    expect(await cli(['snapshot', 'export', 'p', '--password-env', 'SNAPSHOT_PW'], { SNAPSHOT_PW: '' })).toEqual(usageError('the snapshot password from the environment variable SNAPSHOT_PW must have 8 to 1024 characters, it has 0'));
    expect(await cli(['snapshot', 'import', 'a.zip', '--password-env', 'SNAPSHOT_PW'], { SNAPSHOT_PW: 'short' })).toEqual(usageError('must have 8 to 1024 characters, it has 5'));
  });

  it('does not echo a --password-env value that is no variable name (it may be the password)', async () => {
    const r = await cli(['snapshot', 'export', 'p', '--password-env', 'my secret!']);
    expect(r).toEqual(usageError('--password-env takes the NAME of an environment variable (letters, digits and _), not the password'));
    expect(r.err).not.toContain('my secret!');
  });

  it('takes the password one way only', async () => {
    expect(await cli(['snapshot', 'export', 'p', '--password-env', 'PW', '--password-stdin'], { PW: 'long enough' })).toEqual(usageError('give the password one way: --password-env VAR or --password-stdin, not both'));
  });

  it('names an empty or oversized --password-stdin', async () => {
    expect(await cli(['snapshot', 'import', 'a.zip', '--password-stdin'], {}, [])).toEqual(usageError('the snapshot password from standard input must have 8 to 1024 characters, it has 0'));
    expect(await cli(['snapshot', 'import', 'a.zip', '--password-stdin'], {}, ['\n'])).toEqual(usageError('from standard input must have 8 to 1024 characters, it has 0'));
    expect(await cli(['snapshot', 'import', 'a.zip', '--password-stdin'], {}, ['x'.repeat(5_000)])).toEqual(usageError('--password-stdin: standard input holds more than 4096 characters; it should hold only the password'));
  });

  it('refuses an empty --name before uploading', async () => {
    expect(await cli(['snapshot', 'import', 'a.zip', '--name', '   '])).toEqual(usageError('--name must have 1 to 200 characters besides spaces, got "   "'));
  });

  it('names an unknown option with the usage', async () => {
    expect(await cli(['snapshot', 'export', 'p', '--vectors'])).toEqual(usageError("Unknown option '--vectors'"));
  });

  it('lists both commands in --help and explains the passwords in <command> --help', async () => {
    const all = await cli(['--help']);
    expect(all.code).toBe(0);
    expect(all.out).toContain('snapshot export <project> [--out FILE|DIR] [--password-env VAR | --password-stdin] [--include-vectors] [--keep]');
    expect(all.out).toContain('snapshot import <file> [--name NAME] [--org ORG] [--password-env VAR | --password-stdin] [--keep]');
    for (const command of ['export', 'import']) {
      const one = await cli(['snapshot', command, '--help']);
      expect(one).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^usage: refinery snapshot ${command} `)) });
      expect(one.out).toContain('--password-env VAR   read it from the environment variable VAR');
      expect(one.out).toContain('never an argument');
    }
  });
});

describe('readPassword with the snapshot rule', () => {
  const io = (stdin: (string | Uint8Array)[], env: NodeJS.ProcessEnv = {}) => ({ env, stdin: () => stdin, terminal: NO_TERMINAL });
  const snapshotPassword = (opts: Record<string, string | boolean>, given: ReturnType<typeof io>) => readPassword(opts, given, SNAPSHOT_PASSWORD);

  it('is undefined when no option asks for one', async () => {
    expect(await snapshotPassword({}, io([]))).toBeUndefined();
  });

  it('reads an environment variable as it is (spaces kept)', async () => {
    expect(await snapshotPassword({ 'password-env': 'PW' }, io([], { PW: ' correct horse ' }))).toBe(' correct horse ');
  });

  it('reads stdin to its end in pieces and drops one trailing newline (\\n or \\r\\n)', async () => {
    const bytes = new TextEncoder().encode('horse battery staple\r\n');
    expect(await snapshotPassword({ 'password-stdin': true }, io(['correct ', bytes.subarray(0, 5), bytes.subarray(5)]))).toBe('correct horse battery staple');
    expect(await snapshotPassword({ 'password-stdin': true }, io(['two newlines\n\n']))).toBe('two newlines\n');
  });

  it('decodes a UTF-8 character split between two pieces', async () => {
    const bytes = new TextEncoder().encode('mot de passe é');
    expect(await snapshotPassword({ 'password-stdin': true }, io([bytes.subarray(0, bytes.length - 1), bytes.subarray(bytes.length - 1)]))).toBe('mot de passe é');
  });

  it('refuses a password longer than 1024 characters', async () => {
    await expect(snapshotPassword({ 'password-env': 'PW' }, io([], { PW: 'x'.repeat(1_025) }))).rejects.toThrow('must have 8 to 1024 characters, it has 1025');
  });
});

describe('formatBytes', () => {
  it('says bytes below 1 KiB and one decimal above', () => {
    expect([0, 1_023, 1_536, 5 * 1_024 ** 2, 3.25 * 1_024 ** 3].map(formatBytes)).toEqual(['0 bytes', '1023 bytes', '1.5 KiB', '5.0 MiB', '3.3 GiB']);
  });
});
