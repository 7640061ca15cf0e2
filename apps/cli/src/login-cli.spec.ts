import { readPassword, type PasswordRule } from './password-input.js';
import { runCli } from './run-cli.js';
import type { Terminal } from './terminal.js';

/** A terminal that answers every prompt with `typed` and remembers the prompts. */
function terminal(isTTY: boolean, typed = ''): Terminal & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    isTTY,
    prompts,
    readSecret: (prompt: string) => {
      prompts.push(prompt);
      return Promise.resolve(typed);
    },
  };
}

/**
 * Runs `refinery login` in-process against an unreachable gateway: every case here must be
 * refused before the first request (a request would fail with exit 1).
 */
async function login(argv: string[], options: { env?: Record<string, string>; stdin?: string[]; terminal?: Terminal } = {}) {
  let out = '';
  let err = '';
  const code = await runCli(
    ['--url', 'http://127.0.0.1:9', 'login', ...argv],
    { REFINERY_CONFIG: '/nonexistent/refinery-config.json', ...options.env },
    (t) => void (out += t),
    (t) => void (err += t),
    () => options.stdin ?? [],
    options.terminal ?? terminal(false),
  );
  return { code, out, err };
}

const usageError = (text: string) => ({ code: 2, out: '', err: expect.stringContaining(text) });

describe('refinery login: the password', () => {
  it('refuses --password VALUE with the reason, without echoing the value', async () => {
    const r = await login(['--email', 'ada@example.com', '--password', 'hunter2-secret']);
    expect(r).toEqual(usageError('passwords are not taken as arguments (they end up in the shell history and in `ps`); use --password-env VAR or --password-stdin, or leave both out to be asked in a terminal'));
    expect(r.err).not.toContain('hunter2-secret');
  });

  it('refuses --password even when another way is given too', async () => {
    expect(await login(['--email', 'ada@example.com', '--password', 'x', '--password-env', 'PW'], { env: { PW: 'long enough' } })).toEqual(usageError('passwords are not taken as arguments'));
  });

  it('needs --email (or REFINERY_EMAIL) before it asks for anything', async () => {
    const tty = terminal(true, 'typed');
    expect(await login([], { terminal: tty })).toEqual(usageError('login needs --email (or REFINERY_EMAIL)'));
    expect(tty.prompts).toEqual([]);
  });

  it('without an option, a password variable or a terminal, says how to give one', async () => {
    expect(await login(['--email', 'ada@example.com'])).toEqual(usageError('login needs a password: --password-env VAR, --password-stdin, or a terminal to type it in (REFINERY_PASSWORD works too)'));
  });

  it('asks on a terminal when no option gives the password, naming the account', async () => {
    const tty = terminal(true, '');
    expect(await login(['--email', 'ada@example.com'], { terminal: tty })).toEqual(usageError('the password from the terminal must have 1 to 256 characters, it has 0'));
    expect(tty.prompts).toEqual(['password for ada@example.com: ']);
  });

  it('takes REFINERY_EMAIL for the prompt', async () => {
    const tty = terminal(true, '');
    await login([], { terminal: tty, env: { REFINERY_EMAIL: 'grace@example.com' } });
    expect(tty.prompts).toEqual(['password for grace@example.com: ']);
  });

  it('reads --password-env and --password-stdin without asking, and names their source when wrong', async () => {
    const tty = terminal(true, 'typed');
    expect(await login(['--email', 'a@example.com', '--password-env', 'PW'], { terminal: tty })).toEqual(usageError('--password-env PW: the environment variable PW is not set'));
    expect(await login(['--email', 'a@example.com', '--password-env', 'PW'], { env: { PW: 'x'.repeat(257) } })).toEqual(usageError('the password from the environment variable PW must have 1 to 256 characters, it has 257'));
    expect(await login(['--email', 'a@example.com', '--password-stdin'], { stdin: ['\n'] })).toEqual(usageError('the password from standard input must have 1 to 256 characters, it has 0'));
    expect(tty.prompts).toEqual([]);
  });

  it('reads REFINERY_PASSWORD when no option names the password, before asking', async () => {
    const tty = terminal(true, 'typed');
    expect(await login(['--email', 'a@example.com'], { terminal: tty, env: { REFINERY_PASSWORD: '' } })).toEqual(usageError('the password from the environment variable REFINERY_PASSWORD must have 1 to 256 characters, it has 0'));
    expect(tty.prompts).toEqual([]);
  });

  it('does not echo a --password-env value that is no variable name (it may be the password)', async () => {
    const r = await login(['--email', 'a@example.com', '--password-env', 'my secret!']);
    expect(r).toEqual(usageError('--password-env takes the NAME of an environment variable (letters, digits and _), not the password'));
    expect(r.err).not.toContain('my secret!');
  });

  it('explains the ways in login --help and lists them in --help', async () => {
    const one = await login(['--help']);
    expect(one).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: refinery login --email <e-mail> \[--password-env VAR \| --password-stdin\] \[--days 90\]/) });
    expect(one.out).toContain('--password-env VAR   read it from the environment variable VAR');
    expect(one.out).toContain('asked for on the terminal, without echo');
    expect(one.out).not.toContain('--password <');
  });
});

describe('readPassword', () => {
  const rule: PasswordRule = { noun: 'password', min: 1, max: 256, refusal: 'no arguments', prompt: 'password: ' };
  const io = (tty: Terminal, stdin: string[] = [], env: NodeJS.ProcessEnv = {}) => ({ env, stdin: () => stdin, terminal: tty });

  it('answers what was typed at the prompt', async () => {
    expect(await readPassword({}, io(terminal(true, 'correct horse')), rule)).toBe('correct horse');
  });

  it('asks without echo for --password-stdin on a terminal instead of reading it to its end', async () => {
    const tty = terminal(true, 'typed');
    expect(await readPassword({ 'password-stdin': true }, io(tty, ['piped\n']), rule)).toBe('typed');
    expect(tty.prompts).toEqual(['password: ']);
  });

  it('reads piped stdin when it is no terminal', async () => {
    expect(await readPassword({ 'password-stdin': true }, io(terminal(false), ['piped\n']), rule)).toBe('piped');
  });

  it('is undefined without options when the rule has no prompt (snapshot passwords are optional)', async () => {
    const tty = terminal(true, 'typed');
    expect(await readPassword({}, io(tty), { ...rule, prompt: undefined })).toBeUndefined();
    expect(tty.prompts).toEqual([]);
  });
});
